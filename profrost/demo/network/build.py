"""The demo methodical network, built after the demo registry (and diagnostics, when present):
`build_demo_network(context)` in settings.DEMO_BUILDERS.

What it makes, relative to `context.today` and the school year it falls in:
- ШМО in most schools, one per area with at least three teachers, with heads and members;
- an РМО per subject in each municipality, a regional methodical association and a regional
  community of young teachers; reports of last school year;
- the annual plan of methodical work of each municipality (10–20 events), of about a third of
  the РМО (10–12 events) and of the ЦНППМ: held events in the past with participants and
  attendance, upcoming ones open for registration; and the ЦНППМ's plan of last school year,
  held;
- for the demo user «teacher»: attended events with certificates, and an upcoming seminar in
  their municipality open for registration;
- horizontal learning groups proposed from the deficit maps in the largest associations.

Everything is drawn from `context.rng` and written with bulk_create.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from profrost.competences.models import Competence
from profrost.demo.network import data
from profrost.demo.network.events import EventPlanning, local
from profrost.network import matching
from profrost.network.models import (
    Association,
    AssociationKind,
    AssociationReport,
    EventStatus,
    HorizontalGroup,
    Membership,
    MembershipRole,
    TargetLevel,
    WorkPlan,
    school_year_start,
)
from profrost.registry.models import (
    Employment,
    OrganizationKind,
    PositionCategory,
    Subject,
)

BATCH = 1000
SCHOOL_MO_SHARE = 0.85
HORIZONTAL_ASSOCIATIONS = 12


@dataclass(frozen=True)
class Worker:
    """A person's current main job, as the demo needs it."""

    person_id: int
    organization_id: int
    municipality_id: int
    position_id: int
    subjects: frozenset
    career_years: int
    young: bool


def current_staff(region, today):
    jobs = Employment.objects.active(today).filter(
        is_main=True,
        organization__municipality__region=region,
        position__category=PositionCategory.TEACHING,
    )
    subjects = {}
    for employment_id, name in Employment.subjects.through.objects.filter(
        employment__in=jobs
    ).values_list("employment_id", "subject__name"):
        subjects.setdefault(employment_id, set()).add(name)
    workers = []
    for (
        pk,
        person_id,
        organization_id,
        municipality_id,
        position_id,
        career,
        birth,
    ) in jobs.order_by("pk").values_list(
        "pk",
        "person_id",
        "organization_id",
        "organization__municipality_id",
        "position_id",
        "person__career_start",
        "person__birth_date",
    ):
        years = (today - career).days // 365 if career else 0
        workers.append(
            Worker(
                person_id,
                organization_id,
                municipality_id,
                position_id,
                frozenset(subjects.get(pk, ())),
                years,
                years < 3 or (today - birth).days < 35 * 365,
            )
        )
    return workers


class Builder(EventPlanning):
    def __init__(self, context):
        self.rng, self.today, self.region = context.rng, context.today, context.region
        self.now = local(self.today, 12)
        self.year = school_year_start(self.today)
        self.organizations = sorted(context.organizations, key=lambda org: org.pk)
        self.subjects = dict(Subject.objects.values_list("name", "pk"))
        self.competences = list(
            Competence.objects.filter(is_active=True).order_by("code").values_list("pk", flat=True)
        )
        teacher = context.users.get("teacher")
        self.teacher_id = teacher.person_id if teacher else None
        self.own_school = (
            Employment.objects.filter(person=self.teacher_id, is_main=True)
            .values_list("organization", flat=True)
            .first()
        )
        self.staff = current_staff(self.region, self.today)
        self.by_person = {worker.person_id: worker for worker in self.staff}
        self.associations, self.members = [], {}  # association → [Worker]
        self.memberships, self.events, self.participations = [], [], []
        self.competence_links = []

    # Associations ------------------------------------------------------------------------------

    def association(self, members, head, **fields):
        association = Association(
            region=self.region, is_active=True, head_id=head.person_id, **fields
        )
        self.associations.append(association)
        self.members[len(self.associations) - 1] = [head] + [w for w in members if w != head]
        return association

    def school_associations(self):
        for org in self.organizations:
            if org.kind != OrganizationKind.SCHOOL:
                continue
            # The demo users' school always has its ШМО: the «school» login manages them.
            if org.pk != self.own_school and self.rng.random() > SCHOOL_MO_SHARE:
                continue
            teachers = [w for w in self.staff if w.organization_id == org.pk]
            for area, subjects in data.SCHOOL_AREAS:
                members = [w for w in teachers if w.subjects & set(subjects)]
                if len(members) < 3:
                    continue
                head = max(members, key=lambda w: (w.career_years, -w.person_id))
                self.association(
                    members,
                    head,
                    title=f"ШМО {area}",
                    kind=AssociationKind.SCHOOL_MO,
                    level=TargetLevel.ORGANIZATION,
                    municipality_id=org.municipality_id,
                    organization_id=org.pk,
                    subject_id=self.subjects.get(subjects[0]),
                    founded_on=date(self.rng.randint(2010, self.year - 1), 9, 1),
                )

    def district_associations(self):
        municipalities = sorted({org.municipality_id for org in self.organizations})
        for municipality_id in municipalities:
            local_staff = [w for w in self.staff if w.municipality_id == municipality_id]
            for subject, phrase in data.DISTRICT_SUBJECTS:
                teachers = [w for w in local_staff if subject in w.subjects]
                if len(teachers) < 2:
                    continue
                experienced = [w for w in teachers if w.career_years >= 10] or teachers
                head = self.rng.choice(experienced)
                size = min(40, max(3, round(len(teachers) * self.rng.uniform(0.4, 0.7))))
                members = self.rng.sample(teachers, min(size, len(teachers)))
                self.association(
                    members,
                    head,
                    title=f"РМО {phrase}",
                    kind=AssociationKind.DISTRICT_MO,
                    level=TargetLevel.MUNICIPALITY,
                    municipality_id=municipality_id,
                    subject_id=self.subjects.get(subject),
                    founded_on=date(self.rng.randint(2014, 2020), 9, 1),
                )

    def regional_associations(self):
        experienced = [w for w in self.staff if w.career_years >= 10]
        young = [w for w in self.staff if w.young and w.person_id != self.teacher_id]
        if len(experienced) < 5:
            return
        self.association(
            self.rng.sample(experienced, min(25, len(experienced))),
            self.rng.choice(experienced),
            title=_("Региональное методическое объединение наставников и тьюторов"),
            kind=AssociationKind.REGIONAL_MO,
            level=TargetLevel.REGION,
            problem_area=_("Наставничество и тьюторское сопровождение педагогов"),
            founded_on=date(2021, 9, 1),
        )
        if young:
            self.association(
                self.rng.sample(young, min(30, len(young))),
                self.rng.choice(experienced),
                title=_("Сообщество молодых педагогов «Старт»"),
                kind=AssociationKind.YOUNG_TEACHERS,
                level=TargetLevel.REGION,
                problem_area=_("Профессиональная адаптация молодых педагогов"),
                founded_on=date(2022, 10, 5),
            )

    def save_associations(self):
        Association.objects.bulk_create(self.associations, batch_size=BATCH)
        for index, association in enumerate(self.associations):
            for number, worker in enumerate(self.members[index]):
                role = MembershipRole.HEAD if number == 0 else MembershipRole.MEMBER
                if number == 1 and len(self.members[index]) > 6:
                    role = MembershipRole.DEPUTY
                joined = max(association.founded_on, date(self.year - self.rng.randint(0, 6), 9, 1))
                self.memberships.append(
                    Membership(
                        association=association,
                        person_id=worker.person_id,
                        role=role,
                        joined_on=min(joined, self.today),
                    )
                )
        Membership.objects.bulk_create(self.memberships, batch_size=BATCH)
        self.members = {
            association.pk: self.members[index]
            for index, association in enumerate(self.associations)
        }

    def reports(self):
        reports = [
            AssociationReport(
                association=association,
                period=f"{self.year - 1}/{self.year} учебный год",
                submitted_on=date(self.year, 6, self.rng.randint(1, 25)),
                text=_(
                    "Проведено %(meetings)d заседаний, %(lessons)d открытых уроков и "
                    "мастер-классов. Члены объединения участвовали в диагностике "
                    "профессиональных компетенций; по её итогам составлены индивидуальные "
                    "образовательные маршруты. Задачи на новый год: функциональная грамотность, "
                    "поддержка молодых педагогов."
                )
                % {"meetings": self.rng.randint(4, 6), "lessons": self.rng.randint(2, 9)},
            )
            for association in self.associations
            if association.kind != AssociationKind.SCHOOL_MO or self.rng.random() < 0.3
        ]
        AssociationReport.objects.bulk_create(reports, batch_size=BATCH)
        return len(reports)

    def horizontal_groups(self):
        largest = sorted(self.associations, key=lambda a: (-len(self.members[a.pk]), a.pk))[
            :HORIZONTAL_ASSOCIATIONS
        ]
        groups, links = [], []
        for association in largest:
            for proposal in matching.proposals(association)[:2]:
                group = proposal.groups[0]
                groups.append(
                    (
                        HorizontalGroup(
                            association=association,
                            competence=proposal.competence,
                            starts_on=self.today - timedelta(days=self.rng.randint(7, 60)),
                            notes=_("Взаимопосещение уроков и совместная разработка заданий."),
                        ),
                        group,
                    )
                )
        HorizontalGroup.objects.bulk_create([group for group, _proposal in groups])
        holders, learners = HorizontalGroup.holders.through, HorizontalGroup.learners.through
        for group, proposed in groups:
            links.append(holders(horizontalgroup_id=group.pk, person_id=proposed.holder.pk))
        holders.objects.bulk_create(links)
        learners.objects.bulk_create(
            learners(horizontalgroup_id=group.pk, person_id=person.pk)
            for group, proposed in groups
            for person in proposed.learners
        )
        return len(groups)


def build_demo_network(context):
    builder = Builder(context)
    builder.school_associations()
    builder.district_associations()
    builder.regional_associations()
    builder.save_associations()
    report_count = builder.reports()
    # The ЦНППМ's plan of last school year too: its events are held, so that a half-year
    # before this school year's first events (the summer, September) has some.
    plans = builder.regional_plan(builder.year - 1)
    plans += builder.municipal_plans() + builder.association_plans() + builder.regional_plan()
    WorkPlan.objects.bulk_create(plans)
    builder.save_events()
    builder.register_participants()
    group_count = builder.horizontal_groups()
    events = [event for event, _pool in builder.events]
    context.summary.update(
        {
            _("Методические объединения и сообщества"): len(builder.associations),
            _("  из них ШМО"): sum(
                1 for a in builder.associations if a.kind == AssociationKind.SCHOOL_MO
            ),
            _("  из них РМО"): sum(
                1 for a in builder.associations if a.kind == AssociationKind.DISTRICT_MO
            ),
            _("Члены объединений"): len(builder.memberships),
            _("Отчёты объединений"): report_count,
            _("Группы горизонтального обучения"): group_count,
            _("Планы методической работы"): len(plans),
            _("Методические мероприятия"): len(events),
            _("  из них проведено"): sum(1 for e in events if e.status == EventStatus.HELD),
            _("Регистрации участников"): len(builder.participations),
            _("  из них с отметкой о присутствии"): sum(
                1 for p in builder.participations if p.attended
            ),
        }
    )
