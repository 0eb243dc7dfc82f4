"""Demo mentoring: `build_demo_mentoring(context)` runs after the registry's builder (and, when
it runs, the diagnostics' one, whose open deficits become the goals of the pairs).

Programmes for the current school year in the largest schools, the demo administrator's school
and the regional centre (a municipal one, which admits several mentors), last year's programme of
the demo school with its completed pairs; a mentor for about 60 % of the young specialists (so
the list «без наставника» is never empty), a few «педагог – педагог» and «руководитель – педагог»
pairs, and the meetings of each pair. Drawn from `context.rng` and `context.today` only.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from profrost.core.dates import add_years
from profrost.demo.mentoring import data
from profrost.diagnostics.models import Deficit, DeficitStatus
from profrost.mentoring.models import (
    MentoringMeeting,
    MentoringPair,
    MentoringProgram,
    PairKind,
    PairStatus,
    ProgramLevel,
)
from profrost.registry.models import (
    YOUNG_AGE_LIMIT,
    YOUNG_CAREER_LIMIT,
    Employment,
    OrganizationKind,
    PositionCategory,
)

MENTORED_SHARE = 0.6
MENTOR_MIN_CAREER_YEARS = 5
MENTOR_MAX_MENTEES = 2
SCHOOL_PROGRAMS = 5
PEER_PAIRS_PER_PROGRAM = 2
MANAGER_PAIRS_PER_PROGRAM = 1


@dataclass
class Staff:
    """A person's current teaching job and what a builder needs to know of them."""

    person_id: int
    organization_id: int
    municipality_id: int
    position: str
    job_start: date
    birth_date: date
    career_start: date | None
    subjects: set = field(default_factory=set)

    def young(self, today):
        return self.birth_date > add_years(today, -YOUNG_AGE_LIMIT) or bool(
            self.career_start and self.career_start > add_years(today, -YOUNG_CAREER_LIMIT)
        )

    def experienced(self, today):
        return bool(
            self.career_start
            and self.career_start <= add_years(today, -MENTOR_MIN_CAREER_YEARS)
            and not self.young(today)
        )


def build_demo_mentoring(context):
    if context.region is None:
        return
    builder = DemoMentoring(context)
    builder.build()
    context.summary.update(builder.summary())


def school_year(today):
    start = date(today.year if (today.month, today.day) >= (9, 1) else today.year - 1, 9, 1)
    return start, date(start.year + 1, 8, 31)


class DemoMentoring:
    def __init__(self, context):
        self.rng, self.today, self.region = context.rng, context.today, context.region
        self.users = context.users
        self.organizations = {
            org.pk: org
            for org in context.organizations
            if org.municipality.region_id == self.region.pk
        }
        self.staff = self.teaching_staff()
        self.managers = self.management_staff()
        self.load = defaultdict(int)  # mentor → active mentees
        self.programs, self.pairs, self.deficit_links, self.meetings = [], [], [], []
        self.mentees = set()
        self.finished_program = None
        self.meeting_count = 0

    # What the registry holds --------------------------------------------------------------------

    def teaching_staff(self):
        """Each person's main current teaching job, first by id."""
        jobs = (
            Employment.objects.active(self.today)
            .filter(
                organization__in=list(self.organizations),
                position__category=PositionCategory.TEACHING,
            )
            .order_by("person_id", "-is_main", "-start_date", "pk")
            .values_list(
                "pk",
                "person_id",
                "organization_id",
                "organization__municipality_id",
                "position__name",
                "start_date",
                "person__birth_date",
                "person__career_start",
            )
        )
        staff, job_ids = {}, {}
        for pk, person_id, *rest in jobs:
            if person_id not in staff:
                staff[person_id] = Staff(person_id, *rest)
                job_ids[pk] = person_id
        subjects = Employment.subjects.through.objects.filter(employment_id__in=list(job_ids))
        for job_id, subject in subjects.values_list("employment_id", "subject__name"):
            staff[job_ids[job_id]].subjects.add(subject)
        return list(staff.values())

    def management_staff(self):
        jobs = (
            Employment.objects.active(self.today)
            .filter(
                organization__in=list(self.organizations),
                position__category=PositionCategory.MANAGEMENT,
            )
            .exclude(position__name__in=["Директор", "Заведующий"])
            .order_by("organization_id", "pk")
            .values_list("organization_id", "person_id")
        )
        managers = defaultdict(list)
        for organization_id, person_id in jobs:
            managers[organization_id].append(person_id)
        return managers

    def open_deficits(self, person_ids):
        rows = (
            Deficit.objects.filter(person_id__in=person_ids, status=DeficitStatus.OPEN)
            .order_by("person_id", "competence__code")
            .values_list("pk", "person_id", "competence__name")
        )
        deficits = defaultdict(list)
        for pk, person_id, name in rows:
            deficits[person_id].append((pk, name))
        return deficits

    # Programmes ---------------------------------------------------------------------------------

    def build(self):
        start, end = school_year(self.today)
        by_org = defaultdict(list)
        for member in self.staff:
            by_org[member.organization_id].append(member)
        schools = sorted(
            (org for org in self.organizations.values() if org.kind == OrganizationKind.SCHOOL),
            key=lambda org: (-len(by_org[org.pk]), org.pk),
        )
        demo_school = self._demo_school()
        chosen = schools[:SCHOOL_PROGRAMS]
        if demo_school is not None and demo_school not in chosen:
            chosen.append(demo_school)
        current = {org.pk: self.program_of(org, start, end) for org in chosen}
        centre = min((org.municipality for org in self.organizations.values()), key=lambda m: m.pk)
        municipal = self.municipal_program(centre, start, end)
        if demo_school is not None:
            self.last_year(demo_school, by_org[demo_school.pk], start)
        MentoringProgram.objects.bulk_create(self.programs)
        self.young_pairs(by_org, current, municipal, centre)
        self.other_pairs(by_org, current)
        self.save()

    def _demo_school(self):
        user = self.users.get("school")
        assignment = user.roles.exclude(organization=None).first() if user else None
        return self.organizations.get(assignment.organization_id) if assignment else None

    def _order(self, start):
        day = start - timedelta(days=self.rng.randint(3, 14))
        return f"{self.rng.randint(40, 190)}-о", day

    def program_of(self, organization, start, end):
        number, day = self._order(start)
        deputies = self.managers.get(organization.pk, [])
        program = MentoringProgram(
            title=_("Программа наставничества %(organization)s на %(from)d/%(to)d учебный год")
            % {"organization": organization.short_name, "from": start.year, "to": end.year},
            level=ProgramLevel.ORGANIZATION,
            region=self.region,
            municipality=organization.municipality,
            organization=organization,
            starts_on=start,
            ends_on=end,
            goals=_(
                "Адаптация молодых педагогов, профилактика профессионального выгорания, "
                "устранение профессиональных дефицитов, выявленных диагностикой."
            ),
            coordinator_id=deputies[-1] if deputies else None,
            document_number=number,
            document_date=min(day, self.today),
            created_by=self.users.get("school"),
        )
        self.programs.append(program)
        return program

    def municipal_program(self, municipality, start, end):
        number, day = self._order(start)
        program = MentoringProgram(
            title=_(
                "Муниципальная программа «Школа молодого педагога» на %(from)d/%(to)d учебный год"
            )
            % {"from": start.year, "to": end.year},
            level=ProgramLevel.MUNICIPALITY,
            region=self.region,
            municipality=municipality,
            starts_on=start,
            ends_on=end,
            goals=_(
                "Сопровождение молодых педагогов муниципалитета в первые три года работы: "
                "наставники из школ — ресурсных центров, методические семинары, конкурс "
                "«Педагогический дебют»."
            ),
            document_number=number,
            document_date=min(day, self.today),
            allow_several_mentors=True,
            created_by=self.users.get("municipal"),
        )
        self.programs.append(program)
        return program

    def last_year(self, school, members, start):
        """Last year's programme of the demo school, with completed and terminated pairs."""
        last_start, last_end = date(start.year - 1, 9, 1), date(start.year, 8, 31)
        if last_end >= self.today:
            return
        program = self.program_of(school, last_start, last_end)
        self.finished_program = (program, members)

    # Pairs --------------------------------------------------------------------------------------

    def young_pairs(self, by_org, current, municipal, centre):
        young = [member for member in self.staff if member.young(self.today)]
        teacher = getattr(self.users.get("teacher"), "person_id", None)
        deficits = self.open_deficits([member.person_id for member in young])
        left_alone = set()
        for member in young:
            forced = member.person_id == teacher
            if not forced and self.rng.random() >= MENTORED_SHARE:
                left_alone.add(member.organization_id)
                continue
            program = current.get(member.organization_id)
            if program is None and member.municipality_id == centre.pk:
                program = municipal
            mentor = self.find_mentor(member, by_org, program)
            if mentor is None:
                continue
            self.add_pair(
                member,
                mentor,
                PairKind.MENTOR_YOUNG,
                program,
                deficits.get(member.person_id, []),
                self.rng.choice(data.YOUNG_GOALS),
            )

    def find_mentor(self, mentee, by_org, program):
        """An experienced colleague of the same position, a shared subject first; in a municipal
        programme also from another organization of the municipality."""
        pools = [by_org[mentee.organization_id]]
        if program is not None and program.level == ProgramLevel.MUNICIPALITY:
            pools.append(
                [
                    member
                    for org_id, members in by_org.items()
                    if org_id != mentee.organization_id
                    and self.organizations[org_id].municipality_id == mentee.municipality_id
                    for member in members
                ]
            )
        for pool in pools:
            candidates = [
                member
                for member in pool
                if member.person_id != mentee.person_id
                and member.position == mentee.position
                and member.experienced(self.today)
                and self.load[member.person_id] < MENTOR_MAX_MENTEES
            ]
            if candidates:
                shared = [m for m in candidates if m.subjects & mentee.subjects]
                return self.rng.choice(shared or candidates)
        return None

    def add_pair(self, mentee, mentor, kind, program, deficits, goals):
        """`mentor` is a Staff row or a person id."""
        mentor_id = getattr(mentor, "person_id", mentor)
        if program is not None:
            start = max(mentee.job_start, program.starts_on)
        else:
            start = max(mentee.job_start, self.today - timedelta(days=self.rng.randint(20, 300)))
        start = min(start + timedelta(days=self.rng.randint(0, 20)), self.today)
        planned_end = add_years(start, 1)
        if program is not None:
            planned_end = max(min(planned_end, program.ends_on), start)
        chosen = deficits[: self.rng.randint(1, 3)] if deficits else []
        if chosen:
            names = "; ".join(name.lower() for _pk, name in chosen)
            goals = _("Преодоление дефицитов: %(names)s. %(goals)s") % {
                "names": names,
                "goals": goals,
            }
        pair = MentoringPair(
            program=program,
            organization=self.organizations[mentee.organization_id],
            mentor_id=mentor_id,
            mentee_id=mentee.person_id,
            kind=kind,
            starts_on=start,
            planned_end_on=planned_end,
            goals=goals,
        )
        self.pairs.append((pair, [pk for pk, _name in chosen]))
        self.load[mentor_id] += 1
        self.mentees.add(mentee.person_id)
        return pair

    def other_pairs(self, by_org, current):
        """«Педагог – педагог» and «руководитель – педагог» pairs in the programme schools, and
        last year's completed and terminated pairs of the demo school."""
        for organization_id, program in current.items():
            members = [
                m
                for m in by_org[organization_id]
                if m.person_id not in self.mentees and not m.young(self.today)
            ]
            deficits = self.open_deficits([m.person_id for m in members])
            with_deficits = [m for m in members if deficits.get(m.person_id)]
            for mentee in self.rng.sample(
                with_deficits, min(PEER_PAIRS_PER_PROGRAM, len(with_deficits))
            ):
                mentor = self.find_mentor(mentee, by_org, program)
                if mentor is not None:
                    self.add_pair(
                        mentee,
                        mentor,
                        PairKind.TEACHER_TEACHER,
                        program,
                        deficits[mentee.person_id],
                        self.rng.choice(data.PEER_GOALS),
                    )
            managers = self.managers.get(organization_id, [])
            rest = [m for m in members if m.person_id not in self.mentees]
            for mentee in self.rng.sample(rest, min(MANAGER_PAIRS_PER_PROGRAM, len(rest))):
                others = [person_id for person_id in managers if person_id != mentee.person_id]
                if others:
                    self.add_pair(
                        mentee,
                        self.rng.choice(others),
                        PairKind.MANAGER_TEACHER,
                        program,
                        [],
                        self.rng.choice(data.MANAGER_GOALS),
                    )
        if self.finished_program is not None:
            self.finished_pairs(*self.finished_program)

    def finished_pairs(self, program, members):
        experienced = [m for m in members if m.experienced(self.today)]
        mentees = [
            m for m in members if m.job_start < program.starts_on and not m.experienced(self.today)
        ]
        for index, mentee in enumerate(mentees[:6]):
            mentors = [
                m
                for m in experienced
                if m.position == mentee.position and m.person_id != mentee.person_id
            ]
            if not mentors:
                continue
            start = program.starts_on + timedelta(days=self.rng.randint(0, 14))
            terminated = index == len(mentees[:6]) - 1 and index > 0
            ended = start + timedelta(days=self.rng.randint(60, 120) if terminated else 260)
            pair = MentoringPair(
                program=program,
                organization=self.organizations[mentee.organization_id],
                mentor_id=self.rng.choice(mentors).person_id,
                mentee_id=mentee.person_id,
                kind=PairKind.MENTOR_YOUNG,
                starts_on=start,
                planned_end_on=min(add_years(start, 1), program.ends_on),
                status=PairStatus.TERMINATED if terminated else PairStatus.COMPLETED,
                ended_on=min(ended, program.ends_on),
                goals=self.rng.choice(data.YOUNG_GOALS),
                result=self.rng.choice(data.TERMINATION_REASONS if terminated else data.RESULTS),
            )
            self.pairs.append((pair, []))

    # Meetings and saving ------------------------------------------------------------------------

    def meetings_of(self, pair):
        last = min(pair.ended_on or self.today, self.today - timedelta(days=1))
        days = (last - pair.starts_on).days
        if days < 7:
            return []
        count = min(max(1, days // 25), 12)
        chosen = sorted(self.rng.sample(range(1, days + 1), min(count, days)))
        meetings = []
        for offset in chosen:
            kind = self.rng.choices(list(data.KIND_WEIGHTS), list(data.KIND_WEIGHTS.values()))[0]
            meetings.append(
                MentoringMeeting(
                    pair=pair,
                    held_on=pair.starts_on + timedelta(days=offset),
                    kind=kind,
                    topic=self.rng.choice(data.TOPICS[kind]),
                    duration_minutes=self.rng.choice([30, 40, 45, 60, 90]),
                )
            )
        return meetings

    def save(self):
        pairs = MentoringPair.objects.bulk_create([pair for pair, _deficits in self.pairs])
        through = MentoringPair.deficits.through
        links = [
            through(mentoringpair_id=pair.pk, deficit_id=deficit_id)
            for pair, (_same, deficits) in zip(pairs, self.pairs, strict=True)
            for deficit_id in deficits
        ]
        through.objects.bulk_create(links)
        meetings = [meeting for pair in pairs for meeting in self.meetings_of(pair)]
        MentoringMeeting.objects.bulk_create(meetings, batch_size=2000)
        self.meeting_count = len(meetings)

    def summary(self):
        pairs = [pair for pair, _deficits in self.pairs]
        young = [m for m in self.staff if m.young(self.today)]
        active_mentees = {p.mentee_id for p in pairs if p.status == PairStatus.ACTIVE}
        without = sum(1 for m in young if m.person_id not in active_mentees)
        return {
            _("Программы наставничества"): len(self.programs),
            _("Наставнические пары"): len(pairs),
            _("  из них действующие"): sum(1 for p in pairs if p.status == PairStatus.ACTIVE),
            _("Встречи наставнических пар"): self.meeting_count,
            _("Молодые специалисты без наставника"): without,
        }
