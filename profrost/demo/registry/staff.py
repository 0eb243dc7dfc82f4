"""The demo staff: the places of each organization, the people drawn for them, their earlier
and part-time jobs."""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from profrost.core.dates import add_years
from profrost.demo.registry import names
from profrost.demo.registry.organizations import SIZES, Plan
from profrost.registry.models import (
    Employment,
    OrganizationKind,
    Person,
    Position,
    Subject,
)
from profrost.registry.validators import make_snils

Kind = OrganizationKind

PART_TIME_SHARE = 0.08

# Ages of staff (from, to, weight). The young-specialist slots add to the youngest bands.
AGE_BANDS = [
    (22, 24, 2.5),
    (25, 29, 2.5),
    (30, 34, 3),
    (35, 39, 9),
    (40, 44, 13),
    (45, 49, 16),
    (50, 54, 17),
    (55, 59, 15),
    (60, 64, 13),
    (65, 68, 8),
]

SCHOOL_SUBJECTS = [row[0] for row in names.TEACHER_SUBJECTS]
PRESCHOOL, EXTRA, PE, UPBRINGING = (
    "Дошкольное образование",
    "Дополнительное образование",
    "Физическая культура",
    "Воспитательная работа",
)
ADVISER = "Советник директора по воспитанию и взаимодействию с детскими общественными объединениями"


@dataclass(frozen=True)
class Slot:
    """A place on an organization's staff, before a person is drawn for it."""

    position: str
    subjects: tuple = ()
    male_share: float = 0.15
    young: bool = False  # a young specialist in the first three years of career
    head: bool = False  # a head or deputy: at least 35, long career


# The rank-and-file place a head of a kindergarten or additional-education organization held
# before.
BASE_SLOTS = {
    Kind.KINDERGARTEN: Slot("Воспитатель", (PRESCHOOL,)),
    Kind.ADDITIONAL: Slot("Педагог дополнительного образования", (EXTRA,)),
}


@dataclass
class Job:
    """A person's place at an organization, main (the staff) or earlier or part-time."""

    person: Person
    plan: Plan
    slot: Slot
    start: date
    end: date | None = None
    is_main: bool = True

    @property
    def organization(self):
        return self.plan.organization


def staff_slots(rng, plan):
    """The staff of one organization: heads and specialists, then the main teaching position."""
    builders = {
        Kind.SCHOOL: _school_slots,
        Kind.KINDERGARTEN: _kindergarten_slots,
        Kind.ADDITIONAL: _additional_slots,
        Kind.METHODICAL_SERVICE: _service_slots,
        Kind.INSTITUTE: _institute_slots,
    }
    slots = builders[plan.kind](rng, plan)[: plan.size]
    # Every school has young specialists; they take the last (rank-and-file) places.
    young = 0
    if plan.kind == Kind.SCHOOL:
        young = max(1, round(plan.size * rng.uniform(0.04, 0.08)))
    elif plan.kind in (Kind.KINDERGARTEN, Kind.ADDITIONAL):
        young = int(plan.size >= 15 or rng.random() < 0.5)
    for index in range(len(slots) - young, len(slots)):
        slots[index] = replace(slots[index], young=True)
    return slots


def teacher_slot(rng):
    weights = [row[1] for row in names.TEACHER_SUBJECTS]
    main, _, male_share, seconds = rng.choices(names.TEACHER_SUBJECTS, weights)[0]
    roll, subjects = rng.random(), (main,)
    for second, odds in seconds.items():
        if roll < odds:
            subjects = (main, second)
            break
        roll -= odds
    return Slot("Учитель", subjects, male_share)


def _fill(slots, size, make):
    return slots + [make() for _ in range(size - len(slots))]


def _school_slots(rng, plan):
    size = plan.size
    slots = [
        Slot("Директор", male_share=0.4, head=True),
        Slot("Заместитель директора по учебной работе", male_share=0.2, head=True),
        Slot("Заместитель директора по воспитательной работе", (UPBRINGING,), 0.2, head=True),
    ]
    if size >= 45 or rng.random() < 0.3:
        slots.append(Slot("Заместитель директора по научно-методической работе", head=True))
    slots += [
        Slot("Педагог-психолог", male_share=0.1),
        Slot("Социальный педагог", (UPBRINGING,), 0.05),
        Slot(ADVISER, (UPBRINGING,), 0.3),
    ]
    for minimum, slot in (
        (30, Slot("Учитель-логопед", male_share=0.01)),
        (35, Slot("Преподаватель-организатор основ безопасности и защиты Родины", male_share=0.8)),
        (40, Slot("Педагог-организатор", (UPBRINGING,), 0.15)),
        (50, Slot("Тьютор", ("Инклюзивное образование",), 0.1)),
        (55, Slot("Педагог-библиотекарь", male_share=0.02)),
    ):
        if size >= minimum:
            slots.append(slot)
    return _fill(slots, size, lambda: teacher_slot(rng))


def _kindergarten_slots(rng, plan):
    size = plan.size
    slots = [
        Slot("Заведующий", male_share=0.02, head=True),
        Slot("Старший воспитатель", (PRESCHOOL,), 0.01),
        Slot("Музыкальный руководитель", ("Музыка",), 0.1),
    ]
    for minimum, slot in (
        (12, Slot("Инструктор по физической культуре", (PE,), 0.2)),
        (15, Slot("Учитель-логопед", male_share=0.01)),
        (18, Slot("Заместитель заведующего", male_share=0.02, head=True)),
        (18, Slot("Педагог-психолог", male_share=0.03)),
        (20, Slot("Музыкальный руководитель", ("Музыка",), 0.1)),
    ):
        if size >= minimum:
            slots.append(slot)
    return _fill(slots, size, lambda: Slot("Воспитатель", (PRESCHOOL,), 0.02))


def _additional_slots(rng, plan):
    size = plan.size
    slots = [Slot("Директор", male_share=0.35, head=True)]
    if size >= 12:
        slots.append(Slot("Заместитель директора по учебной работе", (EXTRA,), 0.2, head=True))
    if plan.profile == "sport":
        slots.append(Slot("Инструктор-методист", (PE,), 0.4))
        if size >= 12:
            slots.append(Slot("Старший тренер-преподаватель", (PE,), 0.7))
        return _fill(slots, size, lambda: Slot("Тренер-преподаватель", (PE,), 0.65))
    slots.append(Slot("Методист", (EXTRA,), 0.1))
    for minimum, slot in (
        (10, Slot("Педагог-организатор", (UPBRINGING,), 0.15)),
        (12, Slot("Концертмейстер", ("Музыка",), 0.2)),
        (15, Slot("Методист", (EXTRA,), 0.1)),
        (16, Slot("Старший педагог дополнительного образования", (EXTRA,), 0.15)),
    ):
        if size >= minimum:
            slots.append(slot)
    directions = {
        "arts": ["Музыка", "Изобразительное искусство"],
        "creative": ["Изобразительное искусство", "Труд (технология)", "Информатика", "Музыка"],
    }[plan.profile]

    def teacher():
        direction = rng.choice(directions)
        subjects = (EXTRA, direction) if rng.random() < 0.6 else (EXTRA,)
        return Slot("Педагог дополнительного образования", subjects, 0.3)

    return _fill(slots, size, teacher)


def _service_slots(rng, plan):
    slots = [Slot("Директор", male_share=0.2, head=True)] if plan.size >= 2 else []
    if plan.size >= 3:
        slots.append(Slot("Старший методист", (rng.choice(names.METHODIST_AREAS),), 0.1))
    return _fill(
        slots, plan.size, lambda: Slot("Методист", (rng.choice(names.METHODIST_AREAS),), 0.1)
    )


def _institute_slots(rng, plan):
    size = plan.size
    slots = [Slot("Руководитель центра", male_share=0.3, head=True)]
    if size >= 8:
        slots.insert(0, Slot("Директор", male_share=0.5, head=True))
    if size >= 6:
        slots.append(Slot("Руководитель структурного подразделения", male_share=0.3, head=True))
    slots += [Slot("Тьютор", (rng.choice(names.METHODIST_AREAS),), 0.15) for _ in range(size // 5)]
    slots += [Slot("Старший методист", (rng.choice(names.METHODIST_AREAS),), 0.2)]
    return _fill(slots, size, lambda: Slot("Методист", (rng.choice(names.METHODIST_AREAS),), 0.2))


def draw_person(rng, slot, today):
    female = rng.random() >= slot.male_share
    birth, career = _young_dates(rng, today) if slot.young else _dates(rng, today, slot.head)
    surname = rng.choice(names.SURNAMES)
    first_names = names.FEMALE_NAMES if female else names.MALE_NAMES
    father = rng.choice(names.MALE_NAMES[names.generation(birth.year - 28)])
    return Person(
        last_name=names.female_surname(surname) if female else surname,
        first_name=rng.choice(first_names[names.generation(birth.year)]),
        middle_name=names.patronymic(father, female=female),
        birth_date=birth,
        career_start=career,
    )


def _dates(rng, today, head):
    """Birth and career start of anyone but a young specialist: at least 20 at the start."""
    bands = [band for band in AGE_BANDS if band[0] >= 35] if head else AGE_BANDS
    low, high, _ = rng.choices(bands, [band[2] for band in bands])[0]
    age = rng.randint(low, high)
    birth = add_years(today, -age) - timedelta(days=rng.randint(0, 364))
    roll = rng.random()
    if head or roll < 0.75:
        start_age = rng.randint(20, 24)
    else:
        start_age = rng.randint(25, 32) if roll < 0.92 else rng.randint(33, 50)
    start_age = min(start_age, max(20, age - 3))
    career = max(date(birth.year + start_age, 9, 1), add_years(birth, 20))
    return birth, min(career, today)


def _young_dates(rng, today):
    """A start on 1 September of one of the last three school years; mostly straight from
    university, sometimes a career change."""
    school_year = today.year if (today.month, today.day) >= (9, 1) else today.year - 1
    career = date(school_year - rng.choices((0, 1, 2), (4, 4, 2))[0], 9, 1)
    start_age = rng.randint(22, 24) if rng.random() < 0.9 else rng.randint(28, 45)
    return add_years(career, -start_age) - timedelta(days=rng.randint(0, 364)), career


def _main_start(rng, today, person, slot):
    career = person.career_start
    if slot.young or (not slot.head and rng.random() < 0.45):
        return career
    years = max((today - career).days // 365 - 1, 1)
    back = rng.randint(1, min(years, 20)) if slot.head else rng.randint(0, years)
    start = date(today.year - back, 9, 1)
    if rng.random() < 0.3:
        start -= timedelta(days=rng.randint(1, 200))
    return min(max(start, career), today)


def create_staff(rng, today, plans):
    """Exactly one main job per person, then earlier jobs and part-time second jobs."""
    staff = []
    for plan in plans:
        for slot in staff_slots(rng, plan):
            person = draw_person(rng, slot, today)
            staff.append(Job(person, plan, slot, _main_start(rng, today, person, slot)))
    add_contacts(rng, [job.person for job in staff])
    Person.objects.bulk_create(job.person for job in staff)
    jobs = staff + previous_jobs(rng, staff, plans) + part_time_jobs(rng, today, staff, plans)
    positions = {position.name: position for position in Position.objects.all()}
    subjects = {subject.name: subject for subject in Subject.objects.all()}
    employments = Employment.objects.bulk_create(
        Employment(
            person=job.person,
            organization=job.plan.organization,
            position=positions[job.slot.position],
            is_main=job.is_main,
            start_date=job.start,
            end_date=job.end,
        )
        for job in jobs
    )
    Employment.subjects.through.objects.bulk_create(
        Employment.subjects.through(employment=employment, subject=subjects[name])
        for employment, job in zip(employments, jobs, strict=True)
        for name in job.slot.subjects
    )
    return staff


def add_contacts(rng, people):
    """СНИЛС for nine in ten, e-mail and phone for most; СНИЛС and e-mail unique."""
    numbers = rng.sample(range(300_000_000, 1_000_000_000), len(people))
    logins = {}
    for person, number in zip(people, numbers, strict=True):
        if rng.random() < 0.9:
            person.snils = make_snils(number)
        if rng.random() < 0.85:
            parts = (person.last_name, person.first_name[0], person.middle_name[0])
            login = "{}.{}{}".format(*(names.translit(part) for part in parts))
            logins[login] = count = logins.get(login, 0) + 1
            person.email = f"{login}{count if count > 1 else ''}@example.org"
        if rng.random() < 0.8:
            person.phone = (
                f"+7 9{rng.randint(0, 99):02d} {rng.randint(100, 999)}-"
                f"{rng.randint(10, 99)}-{rng.randint(10, 99)}"
            )


def previous_jobs(rng, staff, plans):
    """An ended earlier job for a quarter of those who came to their organization later than
    they started: at a similar organization, the methodists' at a school."""
    similar = {}
    for plan in plans:
        similar.setdefault((plan.kind, plan.profile == "sport"), []).append(plan)
    jobs = []
    for job in staff:
        if (job.start - job.person.career_start).days < 3 * 365 or rng.random() >= 0.25:
            continue
        kind, slot = job.plan.kind, job.slot
        if kind in (Kind.METHODICAL_SERVICE, Kind.INSTITUTE):
            if not slot.subjects or slot.subjects[0] not in SCHOOL_SUBJECTS:
                continue
            kind, slot = Kind.SCHOOL, Slot("Учитель", slot.subjects)
        elif slot.head:
            slot = teacher_slot(rng) if kind == Kind.SCHOOL else BASE_SLOTS[kind]
        others = [p for p in similar[kind, job.plan.profile == "sport"] if p is not job.plan]
        if others:
            end = job.start - timedelta(days=1)
            jobs.append(Job(job.person, rng.choice(others), slot, job.person.career_start, end))
    return jobs


def part_time_jobs(rng, today, staff, plans):
    """Second jobs for about 8 % of people, keeping every organization within its size."""
    room = {id(plan): SIZES.get(plan.kind, (0, 10**6))[1] - plan.size for plan in plans}
    nearby = {}
    for plan in plans:
        nearby.setdefault((plan.municipality, plan.kind, plan.profile), []).append(plan)
    jobs = []
    for job in rng.sample(staff, len(staff)):
        if len(jobs) >= round(PART_TIME_SHARE * len(staff)):
            break
        offer = _second_job(rng, job)
        if offer is None:
            continue
        places, slot = offer
        plan = job.plan
        if places:
            choices = [
                other
                for kind, profile in places
                for other in nearby.get((job.plan.municipality, kind, profile), [])
                if other is not job.plan and room[id(other)] > 0
            ]
            if not choices:
                continue
            plan = rng.choice(choices)
            room[id(plan)] -= 1
        start = max(job.person.career_start, today - timedelta(days=rng.randint(30, 5 * 365)))
        jobs.append(Job(job.person, plan, slot, start, is_main=False))
    return jobs


def _second_job(rng, job):
    """Where, as (kind, profile) pairs (none: the same organization), and in which slot a person
    can take a second job."""
    position, subjects, kind = job.slot.position, job.slot.subjects, job.plan.kind
    schools, additional = (
        [(Kind.SCHOOL, "")],
        [(Kind.ADDITIONAL, "creative"), (Kind.ADDITIONAL, "arts")],
    )
    if kind == Kind.SCHOOL and job.slot.head and position != "Директор":
        return [], teacher_slot(rng)
    if position == "Учитель" and subjects[0] == PE:
        return [(Kind.ADDITIONAL, "sport")], Slot("Тренер-преподаватель", (PE,))
    if position == "Учитель":
        if rng.random() < 0.5:
            return additional, Slot("Педагог дополнительного образования", (EXTRA,))
        return schools, job.slot
    if position in ("Педагог-психолог", "Учитель-логопед"):
        return [(Kind.KINDERGARTEN, ""), *schools], job.slot
    if kind == Kind.METHODICAL_SERVICE and subjects and subjects[0] in SCHOOL_SUBJECTS:
        return schools, Slot("Учитель", subjects)
    if position in ("Педагог дополнительного образования", "Тренер-преподаватель"):
        return schools, Slot("Педагог дополнительного образования", subjects)
    return None
