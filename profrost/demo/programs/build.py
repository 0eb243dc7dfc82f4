"""Demo programs: `build_demo_programs(context)` runs after the registry's builder.

What it makes, relative to `context.today`, drawn from `context.rng` only:
- the catalogue of `catalogue.CATALOGUE` (40 programs, half of them in the Федеральный
  реестр): of the region's ИРО/ЦНППМ, of the federal academy (by name) and of the regional
  centre's methodical service, with the competences of the shipped framework;
- past cohorts over the last four years and upcoming ones over the next four months;
- about 80 % of the teachers with a completed ПК/ПП (two thirds of them in the last three years,
  so «Без повышения квалификации 3 года» is meaningful), with document numbers; rejected and
  withdrawn enrolments; applications waiting in upcoming cohorts (several in the demo
  administrator's school, and one of the demo teacher);
- the history of each enrolment, post-course support of a third of the recent completions,
  and training requests of persons and staffs for next year.
Everything is written with bulk_create.
"""

import random
from collections import Counter
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.competences.models import Competence
from profrost.core.dates import add_years
from profrost.demo.programs import catalogue as data
from profrost.programs.models import (
    MIN_HOURS,
    Cohort,
    DocumentKind,
    Enrollment,
    EnrollmentStatus,
    EnrollmentTransition,
    PostCourseSupport,
    Program,
    ProgramCompetence,
    ProgramKind,
    RequestStatus,
    TrainingRequest,
)
from profrost.programs.selectors import teachers_without_training
from profrost.registry.models import (
    Employment,
    OrganizationKind,
    Position,
    PositionCategory,
    Subject,
)

S = EnrollmentStatus
TRAINED_RECENTLY, TRAINED_LONG_AGO = 0.55, 0.25  # of teachers; the rest never trained
SUPPORTED_SHARE = 0.35
PERSON_REQUEST_SHARE = 0.12
STAFF_REQUEST_SHARE = 0.4
UPCOMING_APPLICANT_SHARE = 0.12
# Heads and deputies who took a quality-management course in the last three years (seed 002
# 7.3), so that «Доля управленческих команд, повысивших квалификацию» is neither 0 nor 100 %.
MANAGERS_TRAINED_SHARE = 0.35
DOCUMENTS = {ProgramKind.PK: DocumentKind.CERTIFICATE, ProgramKind.PP: DocumentKind.DIPLOMA}


def build_demo_programs(context):
    if context.region is None:
        return
    builder = DemoPrograms(context)
    builder.build()
    context.summary.update(builder.summary())


class DemoPrograms:
    def __init__(self, context):
        self.rng, self.today, self.region = context.rng, context.today, context.region
        self.users = context.users
        school = self.users.get("school")
        # The demo administrator's school: applications to approve, a staff request.
        self.school_id = school.roles.first().organization_id if school else None
        self.organizations = [
            org for org in context.organizations if org.municipality.region_id == self.region.pk
        ]
        self.career_start = {}
        self.jobs = self.teaching_jobs()
        self.enrollments, self.paths = [], []  # each enrolment's path: [(status, day, note)]
        self.enrolled = set()  # (cohort, person)
        self.taken = Counter()  # cohort → places held

    def teaching_jobs(self):
        """Each teacher's main current job: person id → (organization id, position name)."""
        jobs = (
            Employment.objects.active(self.today)
            .filter(
                organization__in=self.organizations,
                position__category=PositionCategory.TEACHING,
            )
            .order_by("person_id", "-is_main", "-start_date", "pk")
            .values_list("person_id", "organization_id", "position__name", "person__career_start")
        )
        found = {}
        for person_id, organization_id, position, career_start in jobs:
            found.setdefault(person_id, (organization_id, position))
            self.career_start[person_id] = career_start
        return found

    def suits(self, cohort, position):
        """A program for all, or one whose audience names the position (a teacher of a
        kindergarten does not go to «Школа современного учителя математики»)."""
        audience = self.audience[cohort.program_id]
        return not audience or position in audience

    # The catalogue ------------------------------------------------------------------------------

    def build(self):
        self.programs = self.create_programs()
        self.cohorts = self.create_cohorts()
        self.enrol_past()
        self.enrol_upcoming()
        self.enrol_managers()
        self.write_enrollments()
        self.create_support()
        self.create_requests()

    def providers(self):
        institute = next(
            (o for o in self.organizations if o.kind == OrganizationKind.INSTITUTE), None
        )
        centre = min(self.organizations, key=lambda o: o.municipality_id).municipality_id
        service = next(
            (
                o
                for o in self.organizations
                if o.kind == OrganizationKind.METHODICAL_SERVICE and o.municipality_id == centre
            ),
            institute,
        )
        return {data.IRO: institute, data.MMS: service or institute}

    def create_programs(self):
        providers = self.providers()
        numbers = iter(self.rng.sample(range(100, 9999), len(data.CATALOGUE)))
        programs = [self.program(entry, providers, numbers) for entry in data.CATALOGUE]
        programs = Program.objects.bulk_create(programs)
        self.audience = {
            program.pk: set(entry.positions)
            for program, entry in zip(programs, data.CATALOGUE, strict=True)
        }
        link_programs(programs)
        return programs

    def program(self, entry, providers, numbers):
        """An unsaved program of the catalogue `entry`, in the federal registry or not."""
        provider = providers.get(entry.provider)
        year = self.today.year - self.rng.randint(1, 4)
        # The annotation names the competences as people read them, not by their codes.
        names = dict(
            Competence.objects.filter(code__in=dict(entry.competences)).values_list("code", "name")
        )
        return Program(
            title=entry.title,
            kind=entry.kind,
            hours=max(entry.hours, MIN_HOURS.get(entry.kind, 0)),
            form=entry.form,
            provider=provider,
            provider_name="" if provider else data.ACADEMY_NAME,
            federal_registry=entry.registry,
            registry_number=f"ФР-{year}-{next(numbers):04d}" if entry.registry else "",
            quality_management=any(
                code == data.QUALITY_MANAGEMENT for code, _weight in entry.competences
            ),
            region=self.region,
            description=_(
                "Программа направлена на развитие компетенций: %(names)s. Итоговая "
                "аттестация — защита практической работы."
            )
            % {"names": "; ".join(names.get(code, code) for code, _weight in entry.competences)},
        )

    def create_cohorts(self):
        """Every program: runs over the last four years (ПК more often) and the next months."""
        cohorts = []
        for program in self.programs:
            length = self.length(program)
            runs = {ProgramKind.PK: 5, ProgramKind.PP: 2}.get(program.kind, 2)
            ends = sorted(
                self.today - timedelta(days=self.rng.randint(20, 4 * 365 - 30)) for _ in range(runs)
            )
            for index, day in enumerate(ends):
                cohorts.append(self.cohort(program, day - timedelta(days=length), day, index))
            starts = self.today + timedelta(days=self.rng.randint(10, 120))
            cohorts.append(self.cohort(program, starts, starts + timedelta(days=length), runs))
        current = self.rng.sample(self.programs, 4)
        for program in current:  # under way now
            starts = self.today - timedelta(days=self.rng.randint(3, 10))
            cohorts.append(self.under_way(program, starts))
        return Cohort.objects.bulk_create(cohorts)

    def length(self, program):
        if program.kind == ProgramKind.PP:
            return self.rng.randint(120, 240)
        return max(3, min(program.hours // 4, 45))

    def cohort(self, program, starts, ends, index):
        upcoming = starts > self.today
        return Cohort(
            program=program,
            title=_("Поток %(number)s") % {"number": index + 1},
            starts_on=starts,
            ends_on=ends,
            capacity=self.rng.choice([20, 25, 30, 40]),
            place=""
            if program.form == "distance"
            else _("ГАУ ДПО ИРО, ауд. %(room)s") % {"room": self.rng.randint(101, 420)},
            link="https://edu.example.org/course" if program.form != "full_time" else "",
            applications_close_on=starts - timedelta(days=3) if upcoming else None,
        )

    def under_way(self, program, starts):
        cohort = self.cohort(program, starts, starts + timedelta(days=30), 9)
        cohort.title = _("Текущий поток")
        cohort.applications_close_on = starts - timedelta(days=3)
        return cohort

    # Enrolments ---------------------------------------------------------------------------------

    def enrol_past(self):
        past = [c for c in self.cohorts if c.ends_on < self.today]
        qualifying = [c for c in past if c.program.kind in DOCUMENTS]
        informal = [c for c in past if c.program.kind not in DOCUMENTS]
        since = add_years(self.today, -3)
        recent = [c for c in qualifying if c.ends_on >= since]
        old = [c for c in qualifying if c.ends_on < since]
        for person_id in sorted(self.jobs):
            draw = self.rng.random()
            if draw < TRAINED_RECENTLY:
                self.pick(recent, person_id, S.COMPLETED)
                if self.rng.random() < 0.3:
                    self.pick(old, person_id, S.COMPLETED)
            elif draw < TRAINED_RECENTLY + TRAINED_LONG_AGO:
                self.pick(old, person_id, S.COMPLETED)
            if self.rng.random() < 0.15:
                self.pick(informal, person_id, S.COMPLETED)
            if self.rng.random() < 0.04:
                self.pick(past, person_id, self.rng.choice([S.REJECTED, S.WITHDRAWN, S.WITHDRAWN]))

    def pick(self, cohorts, person_id, outcome):
        """Enrols the person in one of the past cohorts that suit their position and started
        after their career did."""
        organization_id, position = self.jobs[person_id]
        started = self.career_start.get(person_id)
        suitable = [
            cohort
            for cohort in cohorts
            if self.suits(cohort, position) and (started is None or cohort.starts_on >= started)
        ]
        if suitable:
            self.enrol(self.rng.choice(suitable), person_id, organization_id, outcome)

    def enrol_upcoming(self):
        """Applications to the coming cohorts: many in the demo administrator's school (to
        approve), one of the demo teacher; learners of the cohorts under way."""
        upcoming = [c for c in self.cohorts if c.starts_on > self.today]
        current = [c for c in self.cohorts if c.starts_on <= self.today <= c.ends_on]
        teacher = self.users.get("teacher")
        for person_id, (organization_id, position) in sorted(self.jobs.items()):
            own = teacher is not None and person_id == teacher.person_id
            ours = organization_id == self.school_id
            if not (own or self.rng.random() < (0.4 if ours else UPCOMING_APPLICANT_SHARE)):
                continue
            now = [c for c in current if self.suits(c, position)]
            later = [c for c in upcoming if self.suits(c, position)]
            if now and not own and self.rng.random() < 0.25:
                self.enrol(self.rng.choice(now), person_id, organization_id, S.APPROVED)
            elif later and (own or ours):
                self.enrol(self.rng.choice(later), person_id, organization_id, S.APPLIED)
            elif later:
                status = self.rng.choice([S.APPLIED, S.APPROVED, S.APPROVED, S.REJECTED])
                self.enrol(self.rng.choice(later), person_id, organization_id, status)

    def enrol_managers(self):
        """Managers who completed a recent ПК or ПП in the quality-management topic. Drawn from
        a generator of its own (`enrol` included), so the rest of the demo stays as it was."""
        rng, kept = random.Random(self.today.toordinal()), self.rng
        self.rng = rng
        since = add_years(self.today, -3)
        cohorts = [
            c
            for c in self.cohorts
            if c.program.quality_management
            and c.program.kind in DOCUMENTS
            and since <= c.ends_on < self.today
        ]
        managers = (
            Employment.objects.active(self.today)
            .filter(
                organization__in=self.organizations,
                position__category=PositionCategory.MANAGEMENT,
            )
            .order_by("person_id", "pk")
            .values_list("person_id", "organization_id")
        )
        for person_id, organization_id in managers:
            room = [c for c in cohorts if self.taken[c.pk] < c.capacity]
            if room and rng.random() < MANAGERS_TRAINED_SHARE:
                self.enrol(rng.choice(room), person_id, organization_id, S.COMPLETED)
        self.rng = kept

    def enrol(self, cohort, person_id, organization_id, outcome):
        if (cohort.pk, person_id) in self.enrolled:
            return
        self.enrolled.add((cohort.pk, person_id))
        applied = cohort.starts_on - timedelta(days=self.rng.randint(7, 40))
        if applied > self.today:  # an application to a coming cohort was filed lately
            applied = self.today - timedelta(days=self.rng.randint(0, 25))
        approved = min(applied + timedelta(days=self.rng.randint(1, 5)), self.today)
        path = [(S.APPLIED, applied, "")]
        enrollment = Enrollment(
            cohort=cohort,
            person_id=person_id,
            organization_id=organization_id,
            status=outcome,
            applied_on=applied,
        )
        if outcome == S.REJECTED:
            path.append((S.REJECTED, approved, self.rng.choice(data.REJECT_REASONS)))
        elif outcome in (S.APPROVED, S.COMPLETED, S.WITHDRAWN):
            path.append((S.APPROVED, approved, ""))
            self.taken[cohort.pk] += 1
        if outcome == S.COMPLETED:
            enrollment.completed_on = cohort.ends_on
            enrollment.document_kind = DOCUMENTS.get(cohort.program.kind, DocumentKind.OTHER)
            if cohort.program.kind in DOCUMENTS:
                enrollment.document_number = f"{cohort.ends_on:%y}{len(self.enrollments):06d}"
            path.append((S.COMPLETED, cohort.ends_on, enrollment.document_number))
        elif outcome == S.WITHDRAWN:
            day = min(cohort.starts_on + timedelta(days=3), self.today)
            path.append((S.WITHDRAWN, day, self.rng.choice(data.WITHDRAW_REASONS)))
        self.enrollments.append(enrollment)
        self.paths.append(path)

    def write_enrollments(self):
        # Places: a cohort holds at least the places its approved and completed learners take.
        for cohort in self.cohorts:
            taken = self.taken[cohort.pk]
            if taken > cohort.capacity:
                cohort.capacity = taken + self.rng.randint(0, 5)
        Cohort.objects.bulk_update(self.cohorts, ["capacity"], batch_size=500)
        self.enrollments = Enrollment.objects.bulk_create(self.enrollments, batch_size=1000)
        transitions = []
        moments = []
        for enrollment, path in zip(self.enrollments, self.paths, strict=True):
            before = ""
            for step, (status, day, note) in enumerate(path):
                transitions.append(
                    EnrollmentTransition(
                        enrollment=enrollment, from_status=before, to_status=status, note=note
                    )
                )
                moments.append(datetime.combine(day, time(9 + step, 15)))
                before = status
        transitions = EnrollmentTransition.objects.bulk_create(transitions, batch_size=1000)
        # `at` is stamped on creation; the demo history gets the days it happened.
        zone = timezone.get_current_timezone()
        for transition, moment in zip(transitions, moments, strict=True):
            transition.at = timezone.make_aware(moment, zone)
        EnrollmentTransition.objects.bulk_update(transitions, ["at"], batch_size=1000)

    # Support and requests -----------------------------------------------------------------------

    def methodists(self):
        kinds = (OrganizationKind.INSTITUTE, OrganizationKind.METHODICAL_SERVICE)
        people = Employment.objects.active(self.today).filter(
            organization__in=[o for o in self.organizations if o.kind in kinds]
        )
        return sorted(set(people.values_list("person_id", flat=True)))

    def create_support(self):
        methodists = self.methodists()
        since = self.today - timedelta(days=2 * 365)
        records = []
        for enrollment in self.enrollments:
            if enrollment.status != S.COMPLETED or enrollment.completed_on < since:
                continue
            if self.rng.random() >= SUPPORTED_SHARE:
                continue
            day = enrollment.completed_on + timedelta(days=self.rng.randint(20, 120))
            if day > self.today:
                continue
            form, description = self.rng.choice(data.SUPPORT)
            records.append(
                PostCourseSupport(
                    enrollment=enrollment,
                    date=day,
                    form=form,
                    description=description,
                    result=self.rng.choice(data.SUPPORT_RESULTS),
                    by_id=self.rng.choice(methodists) if methodists else None,
                )
            )
        PostCourseSupport.objects.bulk_create(records, batch_size=1000)

    def create_requests(self):
        competences = {c.code: c for c in Competence.objects.all()}
        year = self.today.year + 1
        teacher = self.users.get("teacher")
        requests = []
        for person_id, (organization_id, _position) in sorted(self.jobs.items()):
            own = teacher is not None and person_id == teacher.person_id
            if not own and self.rng.random() >= PERSON_REQUEST_SHARE:
                continue
            direction, code = self.rng.choice(data.DIRECTIONS)
            requests.append(
                self.request(organization_id, direction, competences.get(code), year, person_id)
            )
        schools = [o for o in self.organizations if o.kind == OrganizationKind.SCHOOL]
        for school in sorted(schools, key=lambda o: o.pk):
            if school.pk != self.school_id and self.rng.random() >= STAFF_REQUEST_SHARE:
                continue
            for direction, code in self.rng.sample(data.DIRECTIONS, self.rng.randint(1, 3)):
                request = self.request(school.pk, direction, competences.get(code), year)
                request.headcount = self.rng.randint(3, 15)
                requests.append(request)
        # The demo requests came in over the last year, each entered the day it came.
        zone = timezone.get_current_timezone()
        for request in requests:
            request.filed_on = self.today - timedelta(days=self.rng.randint(1, 365))
        requests = TrainingRequest.objects.bulk_create(requests, batch_size=1000)
        for request in requests:
            request.created = timezone.make_aware(
                datetime.combine(request.filed_on, time(11)), zone
            )
        TrainingRequest.objects.bulk_update(requests, ["created"], batch_size=1000)

    def request(self, organization_id, direction, competence, year, person_id=None):
        status = self.rng.choices(
            [RequestStatus.NEW, RequestStatus.ACCEPTED, RequestStatus.DECLINED], [6, 3, 1]
        )[0]
        return TrainingRequest(
            organization_id=organization_id,
            person_id=person_id,
            year=year,
            direction=direction,
            competence=competence,
            status=status,
        )

    def summary(self):
        programs = Program.objects.filter(region=self.region)
        enrollments = Enrollment.objects.filter(cohort__program__in=programs)
        jobs = Employment.objects.filter(organization__in=self.organizations)
        return {
            _("Программы ДПО"): programs.count(),
            _("  из них в Федеральном реестре"): programs.filter(federal_registry=True).count(),
            _("Потоки обучения"): Cohort.objects.filter(program__in=programs).count(),
            _("Записи на обучение"): enrollments.count(),
            _("  из них обучение завершено"): enrollments.filter(status=S.COMPLETED).count(),
            _("  заявок ждут рассмотрения"): enrollments.filter(status=S.APPLIED).count(),
            _("Педагоги без ПК/ПП 3 года"): teachers_without_training(jobs, self.today).count(),
            _("Посткурсовое сопровождение"): PostCourseSupport.objects.filter(
                enrollment__in=enrollments
            ).count(),
            _("Заявки на обучение"): TrainingRequest.objects.filter(
                organization__in=self.organizations
            ).count(),
        }


def link_programs(programs):
    """The competences, positions and subjects of each saved program, as the catalogue says."""
    competences = {c.code: c for c in Competence.objects.all()}
    positions = {p.name: p for p in Position.objects.all()}
    subjects = {s.name: s for s in Subject.objects.all()}
    links, audience, topics = [], [], []
    for program, entry in zip(programs, data.CATALOGUE, strict=True):
        links += [
            ProgramCompetence(
                program=program, competence=competences[code], weight=Decimal(str(weight))
            )
            for code, weight in entry.competences
            if code in competences
        ]
        audience += [
            Program.positions.through(program=program, position=positions[name])
            for name in entry.positions
            if name in positions
        ]
        topics += [
            Program.subjects.through(program=program, subject=subjects[name])
            for name in entry.subjects
            if name in subjects
        ]
    ProgramCompetence.objects.bulk_create(links)
    Program.positions.through.objects.bulk_create(audience)
    Program.subjects.through.objects.bulk_create(topics)
