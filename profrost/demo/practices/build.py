"""Demo practices, innovation projects and documents, built after the demo registry
(settings.DEMO_BUILDERS; after the network builder, disseminations link to its held events).

What it makes, relative to `context.today`, the same for the same seed:
- 30 practices of teachers of the region in every status: submitted, under expertise (some
  sheets filled, some waiting), in the bank and disseminated (2–3 filled sheets with a mean of at
  least the pass mark, as `services.include_in_bank` demands), rejected (low scores); the demo
  user «teacher» is the author of a submitted practice and the expert of one under expertise;
- an innovation project for up to 12 organizations with the status of an innovation site, a
  resource centre or an internship site in the registry demo, with a report for every finished
  school year;
- documents of every kind: the region's, each municipality's (programmes and projects of
  seed 001, some expired, some municipalities without one) and some schools' own.
Everything is written with bulk_create.
"""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.competences.models import Competence
from profrost.core.dates import add_years
from profrost.demo.practices import texts
from profrost.network.models import Event, EventLevel, EventStatus
from profrost.practices.models import (
    CRITERIA,
    CRITERION_MAX,
    PASS_MEAN,
    Dissemination,
    DisseminationKind,
    Document,
    DocumentKind,
    DocumentLevel,
    EffectLevel,
    InnovationLevel,
    InnovationProject,
    InnovationReport,
    InnovationStatus,
    Practice,
    PracticeKind,
    PracticeLevel,
    PracticeReview,
    PracticeStatus,
    ReviewRecommendation,
)
from profrost.registry.models import (
    Employment,
    OrganizationKind,
    OrganizationStatus,
    PositionCategory,
    Subject,
)

STATUSES = (
    [PracticeStatus.SUBMITTED] * 6
    + [PracticeStatus.EXPERTISE] * 6
    + [PracticeStatus.IN_BANK] * 9
    + [PracticeStatus.DISSEMINATED] * 6
    + [PracticeStatus.REJECTED] * 3
)
MAX_PROJECTS = 12
SCHOOL_KINDS = (OrganizationKind.SCHOOL, OrganizationKind.ADDITIONAL, OrganizationKind.KINDERGARTEN)


def build_demo_practices(context):
    if context.region is None:
        return
    builder = PracticesDemo(context)
    builder.practices()
    builder.projects()
    builder.documents()
    context.summary.update(builder.summary())


def school_year(day):
    """The starting year of the school year (1 September – 31 August) holding `day`."""
    return day.year if day.month >= 9 else day.year - 1


class PracticesDemo:
    def __init__(self, context):
        self.rng, self.today, self.region = context.rng, context.today, context.region
        self.municipalities = context.municipalities
        self.organizations = context.organizations
        teacher_user = context.users.get("teacher")
        self.demo_teacher = teacher_user.person_id if teacher_user else None
        jobs = (
            Employment.objects.active(self.today)
            .filter(
                is_main=True,
                organization__municipality__region=self.region,
                organization__kind__in=SCHOOL_KINDS,
                position__category=PositionCategory.TEACHING,
            )
            .order_by("pk")
            .values_list("person_id", "organization_id", "organization__municipality_id")
        )
        self.jobs = list(jobs)
        self.job_of = {person: (org, mun) for person, org, mun in self.jobs}
        self.subjects = list(Subject.objects.order_by("pk"))
        self.competences = list(Competence.objects.filter(is_active=True).order_by("pk"))

    def day_after(self, day, low, high):
        return min(day + timedelta(days=self.rng.randint(low, high)), self.today)

    # Practices --------------------------------------------------------------------------------

    def practices(self):
        rng = self.rng
        titles = rng.sample(texts.PRACTICE_TITLES, len(STATUSES))
        experts = [person for person, _org, _mun in rng.sample(self.jobs, min(20, len(self.jobs)))]
        rows, plans = [], []
        for index, (title, status) in enumerate(zip(titles, STATUSES, strict=True)):
            author = self._author(index, status)
            practice = self._practice(title, status, author)
            rows.append(practice)
            plans.append((practice, self._review_plan(practice, experts, index)))
        Practice.objects.bulk_create(rows)
        reviews = []
        for practice, plan in plans:
            reviews += self._reviews(practice, plan)
        PracticeReview.objects.bulk_create(reviews)
        self._links(rows)
        self._disseminations(rows)
        self.practice_rows, self.review_rows = rows, reviews

    def _author(self, index, status):
        if index == 0 and self.demo_teacher in self.job_of:
            return self.demo_teacher  # the first submitted practice is the demo teacher's
        while True:
            person = self.rng.choice(self.jobs)[0]
            if person != self.demo_teacher:
                return person

    def _practice(self, title, status, author):
        rng, today = self.rng, self.today
        organization_id, municipality_id = self.job_of[author]
        ages = {
            PracticeStatus.SUBMITTED: (5, 40),
            PracticeStatus.EXPERTISE: (30, 90),
            PracticeStatus.REJECTED: (90, 300),
        }
        submitted = today - timedelta(days=rng.randint(*ages.get(status, (150, 600))))
        managerial = title.startswith(texts.MANAGERIAL_MARK)
        return Practice(
            title=title,
            kind=PracticeKind.MANAGERIAL if managerial else PracticeKind.PEDAGOGICAL,
            level=PracticeLevel.REGIONAL if rng.random() < 0.3 else PracticeLevel.MUNICIPAL,
            organization_id=organization_id,
            municipality_id=municipality_id,
            region=self.region,
            main_author_id=author,
            description=texts.DESCRIPTION.format(
                goal=rng.choice(texts.GOALS),
                means=rng.choice(texts.MEANS),
                years=rng.randint(2, 4),
                classes=rng.choice(texts.CLASSES),
            ),
            results=texts.RESULTS.format(
                before=rng.randint(20, 45), after=rng.randint(55, 80), schools=rng.randint(2, 9)
            ),
            status=status,
            submitted_on=submitted,
        )

    def _review_plan(self, practice, experts, index):
        """(expert, assigned_on, completed_on or None, scores) of each sheet of the practice."""
        status = practice.status
        if status == PracticeStatus.SUBMITTED:
            return []
        rng = self.rng
        pool = [p for p in experts if p not in (practice.main_author_id, self.demo_teacher)]
        count = 2 if status == PracticeStatus.REJECTED else rng.randint(2, 3)
        chosen = rng.sample(pool, count)
        first_expertise = status == PracticeStatus.EXPERTISE and index == STATUSES.index(status)
        if first_expertise and self.demo_teacher and practice.main_author_id != self.demo_teacher:
            chosen[0] = self.demo_teacher  # the demo teacher has a sheet to fill
        filled = count if status != PracticeStatus.EXPERTISE else rng.randint(0, count - 1)
        plan = []
        for number, expert in enumerate(chosen):
            assigned = self.day_after(practice.submitted_on, 3, 12)
            done = number < filled and expert != self.demo_teacher
            completed = self.day_after(assigned, 2, 20) if done else None
            plan.append((expert, assigned, completed, self._scores(status)))
        self._decide(practice, [completed for _e, _a, completed, _s in plan if completed])
        return plan

    def _scores(self, status):
        rng = self.rng
        if status == PracticeStatus.REJECTED:
            scores = [rng.randint(0, 2) for _criterion in CRITERIA]
            while sum(scores) >= PASS_MEAN:
                scores[scores.index(max(scores))] -= 1
            return scores
        low = 2 if status in (PracticeStatus.IN_BANK, PracticeStatus.DISSEMINATED) else 1
        return [rng.randint(low, CRITERION_MAX) for _criterion in CRITERIA]

    def _decide(self, practice, completed_days):
        if not completed_days:
            return
        decided = self.day_after(max(completed_days), 2, 10)
        if practice.status in (PracticeStatus.IN_BANK, PracticeStatus.DISSEMINATED):
            practice.included_on = decided
            practice.decision_comment = _("Включена в банк по итогам экспертизы.")
        elif practice.status == PracticeStatus.REJECTED:
            practice.rejected_on = decided
            practice.decision_comment = self.rng.choice(texts.REJECT_REASONS)

    def _reviews(self, practice, plan):
        rows = []
        for expert, assigned, completed, scores in plan:
            review = PracticeReview(
                practice=practice, expert_id=expert, assigned_on=assigned, completed_on=completed
            )
            if completed:
                for (name, _label), value in zip(CRITERIA, scores, strict=True):
                    setattr(review, name, value)
                review.total = sum(scores)
                review.recommendation = self._recommendation(practice.status, review.total)
                review.comment = texts.EXPERT_COMMENTS[review.recommendation]
            rows.append(review)
        return rows

    def _recommendation(self, status, total):
        if status == PracticeStatus.REJECTED:
            return ReviewRecommendation.REJECT if total < 7 else ReviewRecommendation.REVISE
        return ReviewRecommendation.INCLUDE if total >= PASS_MEAN else ReviewRecommendation.REVISE

    def _links(self, practices):
        rng = self.rng
        subjects, competences = [], []
        for practice in practices:
            for subject in rng.sample(self.subjects, min(len(self.subjects), rng.randint(1, 2))):
                subjects.append(Practice.subjects.through(practice=practice, subject=subject))
            count = min(len(self.competences), rng.randint(1, 2))
            for competence in rng.sample(self.competences, count):
                competences.append(
                    Practice.competences.through(practice=practice, competence=competence)
                )
        Practice.subjects.through.objects.bulk_create(subjects)
        Practice.competences.through.objects.bulk_create(competences)

    def _disseminations(self, practices):
        rng = self.rng
        events = list(
            Event.objects.filter(region=self.region, status=EventStatus.HELD).order_by("pk")
        )
        levels = [EventLevel.MUNICIPAL, EventLevel.REGIONAL, EventLevel.SCHOOL]
        rows = []
        for practice in practices:
            if practice.status != PracticeStatus.DISSEMINATED:
                continue
            for _number in range(rng.randint(1, 3)):
                held = self.day_after(practice.included_on, 1, 200)
                later = [
                    event
                    for event in events
                    if practice.included_on <= timezone.localtime(event.starts_at).date() <= held
                ]
                event = rng.choice(later) if later and rng.random() < 0.5 else None
                kind, title = rng.choice(texts.DISSEMINATIONS)
                rows.append(
                    Dissemination(
                        practice=practice,
                        held_on=timezone.localtime(event.starts_at).date() if event else held,
                        kind=DisseminationKind.TALK if event else kind,
                        title=event.title if event else title,
                        level=event.level if event else rng.choice(levels),
                        event=event,
                        participants=rng.randint(15, 120),
                    )
                )
        Dissemination.objects.bulk_create(rows)
        self.dissemination_rows = rows

    # Innovation projects ----------------------------------------------------------------------

    def projects(self):
        statuses = list(
            OrganizationStatus.objects.filter(organization__municipality__region=self.region)
            .select_related("organization")
            .order_by("start_date", "pk")
        )
        if len(statuses) > MAX_PROJECTS:
            statuses = sorted(
                self.rng.sample(statuses, MAX_PROJECTS), key=lambda s: (s.start_date, s.pk)
            )
        projects = [self._project(status) for status in statuses]
        InnovationProject.objects.bulk_create(projects)
        reports = [report for project in projects for report in self._reports(project)]
        InnovationReport.objects.bulk_create(reports)
        self.project_rows, self.report_rows = projects, reports

    def _project(self, status):
        ends = status.end_date or add_years(status.start_date, 3)
        regional = status.level.lower().startswith("регион")
        topic = status.topic or texts.PRACTICE_TITLES[0]
        return InnovationProject(
            organization=status.organization,
            site_kind=status.kind,
            level=InnovationLevel.REGIONAL if regional else InnovationLevel.MUNICIPAL,
            title=topic,
            goals=texts.PROJECT_GOALS.format(topic=topic),
            expected_results=texts.PROJECT_RESULTS,
            starts_on=status.start_date,
            ends_on=ends,
            document=status.document,
            status=InnovationStatus.COMPLETED if ends < self.today else InnovationStatus.ACTIVE,
        )

    def _reports(self, project):
        rng = self.rng
        last = min(school_year(self.today), school_year(project.ends_on) + 1)
        rows = []
        for year in range(school_year(project.starts_on), last):
            effect = rng.choice(
                [EffectLevel.HIGH, EffectLevel.MEDIUM, EffectLevel.MEDIUM, EffectLevel.LOW]
            )
            rows.append(
                InnovationReport(
                    project=project,
                    year=year,
                    submitted_on=date(year + 1, 6, rng.randint(1, 25)),
                    text=rng.choice(texts.REPORT_TEXTS),
                    effect=texts.EFFECT_TEXTS[effect],
                    effect_level=effect,
                )
            )
        return rows

    # Documents --------------------------------------------------------------------------------

    def documents(self):
        rows = []
        for number, (kind, title) in enumerate(texts.REGION_DOCUMENTS):
            rows.append(self._document(kind, title, DocumentLevel.REGION, expired=number in (1, 5)))
        for municipality in self.municipalities:
            for kind, title, topic in texts.MUNICIPAL_DOCUMENTS:
                if self.rng.random() < 0.65:
                    rows.append(
                        self._document(
                            kind,
                            title,
                            DocumentLevel.MUNICIPALITY,
                            municipality=municipality,
                            topic=topic,
                        )
                    )
        schools = [org for org in self.organizations if org.kind == OrganizationKind.SCHOOL]
        for organization in self.rng.sample(schools, min(8, len(schools))):
            for kind, title in texts.ORGANIZATION_DOCUMENTS:
                rows.append(
                    self._document(
                        kind, title, DocumentLevel.ORGANIZATION, organization=organization
                    )
                )
        Document.objects.bulk_create(rows)
        self.document_rows = rows

    def _document(
        self, kind, title, level, *, municipality=None, organization=None, expired=None, topic=""
    ):
        rng = self.rng
        valid_from = self.today - timedelta(days=rng.randint(60, 1100))
        valid_to = None
        if kind in (DocumentKind.MUNICIPAL_PROGRAM, DocumentKind.MUNICIPAL_PROJECT):
            valid_to = add_years(valid_from, rng.randint(1, 3))
            title = f"{title} на {valid_from.year}–{valid_to.year} годы"
        elif kind in (DocumentKind.PLAN, DocumentKind.MONITORING):
            valid_to = add_years(valid_from, 1)
        if expired:
            valid_to = min(valid_to or self.today, self.today - timedelta(days=rng.randint(5, 60)))
            valid_from = min(valid_from, valid_to - timedelta(days=365))
        if organization is not None:
            municipality = organization.municipality
        return Document(
            kind=kind,
            title=title,
            number=f"приказ от {valid_from:%d.%m.%Y} № {rng.randint(10, 400)}",
            level=level,
            region=self.region,
            municipality=municipality,
            organization=organization,
            topic=topic,
            valid_from=valid_from,
            valid_to=valid_to,
            description=_("Документ демонстрационных данных: %(title)s.") % {"title": title},
        )

    def summary(self):
        published = [p for p in self.practice_rows if p.is_published]
        in_force = [d for d in self.document_rows if d.is_in_force(self.today)]
        return {
            _("Практики"): len(self.practice_rows),
            _("  из них в банке"): len(published),
            _("Листы экспертной оценки"): len(self.review_rows),
            _("Распространение практик"): len(self.dissemination_rows),
            _("Инновационные проекты"): len(self.project_rows),
            _("  отчёты проектов"): len(self.report_rows),
            _("Методические материалы и документы"): len(self.document_rows),
            _("  из них действуют"): len(in_force),
        }
