"""A deterministic synthetic region for demonstrations: `manage.py seed_demo`.

Everything is drawn from one `random.Random` and the given `today`: the same seed and day give
the same data. Rows are written with bulk_create, which writes no history records (demo data
needs none) and does not call `save()`, so attestation terms are computed here.
"""

import math
import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _

from profrost.core.dates import add_months, add_years
from profrost.core.models import RoleAssignment, User
from profrost.core.roles import Role
from profrost.demo.registry import names
from profrost.registry.models import (
    ATTESTATION_ORDER_START,
    Attestation,
    AttestationCategory,
    Employment,
    Municipality,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    OrganizationStatusKind,
    Person,
    Position,
    Region,
    Subject,
    attestation_valid_until,
)
from profrost.registry.validators import make_inn, make_snils

Kind = OrganizationKind
Category = AttestationCategory

DEMO_PASSWORD = "demo12345"
DEMO_USERNAMES = ["admin", "region", "cnppm", "regmethodist", "municipal", "school", "teacher"]
MIN_TEACHERS = 100

# Staff of one organization (fewest, most, typical) and each sector's share of all staff.
SIZES = {Kind.SCHOOL: (25, 70, 42), Kind.KINDERGARTEN: (10, 25, 16), Kind.ADDITIONAL: (8, 20, 13)}
SHARES = {Kind.SCHOOL: 0.66, Kind.KINDERGARTEN: 0.25, Kind.ADDITIONAL: 0.09}
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

# The category held, by years of career: (at least, weights of none, compliance, first,
# highest), tuned to about 35 % highest, 30 % first, 20 % compliance of all staff.
CATEGORY_ODDS = [
    (20, (5, 19, 34, 42)),
    (10, (7, 23, 37, 33)),
    (5, (10, 38, 40, 12)),
    (2, (30, 45, 25, 0)),
    (0, (1, 0, 0, 0)),
]
CATEGORIES = [None, Category.COMPLIANCE, Category.FIRST, Category.HIGHEST]
# Of the holders of the highest category, the share also holding each of the new ones.
NEW_CATEGORY_SHARE = 0.06

EMAIL_PREFIX = {
    Kind.SCHOOL: "school",
    Kind.KINDERGARTEN: "detsad",
    Kind.ADDITIONAL: "dod",
    Kind.METHODICAL_SERVICE: "imc",
    Kind.INSTITUTE: "iro",
}


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
class Plan:
    """An organization being planned: where, what, how many staff."""

    municipality: int
    kind: str
    size: int
    profile: str = ""  # of an additional-education organization: creative, sport, arts
    village: bool = False
    gymnasium: bool = False
    organization: Organization | None = None


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


@dataclass
class DemoRegistry:
    region: Region
    municipalities: list
    organizations: list
    staff: list
    school: Organization  # a large school of the regional centre, for the demo users
    teacher: Person  # a young specialist of that school


@dataclass
class DemoContext:
    """What demo builders share: each builder reads what earlier ones made and adds its own."""

    rng: random.Random
    today: date
    teachers: int
    region: Region | None = None
    municipalities: list = field(default_factory=list)
    organizations: list = field(default_factory=list)
    people: list = field(default_factory=list)
    users: dict = field(default_factory=dict)  # username → User
    summary: dict = field(default_factory=dict)  # label → count, printed by the command


def build_demo_registry(context):
    """The default demo builder: the registry of the region and one demo user per role."""
    registry = build_registry(context.rng, context.teachers, context.today)
    context.region = registry.region
    context.municipalities = registry.municipalities
    context.organizations = registry.organizations
    context.people = [job.person for job in registry.staff]
    context.users.update(create_demo_users(context.rng, context.today, registry))
    context.summary.update(registry_summary(context))


def build_registry(rng, teachers, today):
    """Creates the demo region with exactly `teachers` people and returns what it made."""
    region = Region.objects.create(name=names.REGION_NAME, code=names.REGION_CODE)
    specs = [names.REGIONAL_CENTRE]
    chosen = sorted(rng.sample(range(len(names.MUNICIPALITIES)), rng.randint(5, 7)))
    specs += [names.MUNICIPALITIES[index] for index in chosen]
    municipalities = Municipality.objects.bulk_create(
        Municipality(region=region, name=spec.name, oktmo=f"{names.REGION_CODE}{spec.oktmo}000")
        for spec in specs
    )
    plans = plan_organizations(rng, teachers, len(specs))
    for index, (municipality, spec) in enumerate(zip(municipalities, specs, strict=True)):
        name_organizations(rng, municipality, spec, [p for p in plans if p.municipality == index])
    organizations = create_organizations(rng, today, plans)
    staff = create_staff(rng, today, plans)
    create_attestations(rng, today, staff)
    school = next(p.organization for p in plans if p.kind == Kind.SCHOOL and p.municipality == 0)
    teacher = next(job.person for job in staff if job.organization is school and job.slot.young)
    return DemoRegistry(region, municipalities, organizations, staff, school, teacher)


# Organizations ----------------------------------------------------------------------------------


def plan_organizations(rng, teachers, municipality_count):
    """Every organization with its staff size; within a kind the largest first."""
    # At least eight, so that each demo login of the institute is a person of its own.
    institute = min(max(teachers // 130, 8), 20)
    low, high = (2, 4) if teachers >= 1000 else (1, 2)
    services = [rng.randint(low, high) for _ in range(municipality_count)]
    rest = teachers - institute - sum(services)
    totals = {kind: round(rest * share) for kind, share in SHARES.items()}
    totals[Kind.ADDITIONAL] = rest - totals[Kind.SCHOOL] - totals[Kind.KINDERGARTEN]
    plans = [Plan(0, Kind.INSTITUTE, institute)]
    plans += [Plan(index, Kind.METHODICAL_SERVICE, size) for index, size in enumerate(services)]
    for kind, total in totals.items():
        sizes = split_sizes(rng, total, *SIZES[kind])
        where = spread(rng, len(sizes), municipality_count)
        plans += [Plan(index, kind, size) for index, size in zip(where, sizes, strict=True)]
    return plans


def split_sizes(rng, total, low, high, typical):
    """Sizes between `low` and `high` adding up to `total`, the largest first."""
    count = min(max(round(total / typical), math.ceil(total / high)), max(total // low, 1))
    if count <= 1:
        return [total]
    sizes = [rng.triangular(low, high, typical) for _ in range(count)]
    scale = total / sum(sizes)
    sizes = [min(max(round(size * scale), low), high) for size in sizes]
    while (gap := total - sum(sizes)) != 0:
        index = rng.randrange(count)
        step = 1 if gap > 0 else -1
        if low <= sizes[index] + step <= high:
            sizes[index] += step
    return sorted(sizes, reverse=True)


def spread(rng, count, municipality_count):
    """Municipality indexes for `count` organizations, the largest first: one each (the regional
    centre gets the largest), then the rest weighted towards the regional centre."""
    first = list(range(min(count, municipality_count)))
    weights = [4] + [1.5] * (municipality_count - 1)
    return first + rng.choices(range(municipality_count), weights, k=count - len(first))


def name_organizations(rng, municipality, spec, plans):
    """Gives each planned organization of one municipality its names, place and contacts."""
    counters = {}
    for plan in plans:
        counters[plan.kind] = counters.get(plan.kind, 0) + 1
    places = {
        Kind.SCHOOL: _places(rng, spec, counters.get(Kind.SCHOOL, 0)),
        Kind.KINDERGARTEN: _places(rng, spec, counters.get(Kind.KINDERGARTEN, 0)),
    }
    numbers = {kind: _numbers(rng, count) for kind, count in counters.items()}
    extra_kinds = rng.sample(names.ADDITIONAL_EDUCATION, len(names.ADDITIONAL_EDUCATION))
    service = "Центр развития образования"
    if not spec.is_city:
        service = rng.choice([service, *names.METHODICAL_SERVICES])
    seen = {}
    for plan in plans:
        seen[plan.kind] = index = seen.get(plan.kind, 0) + 1
        village = places[plan.kind][index - 1] if plan.kind in places else ""
        plan.village = bool(village)
        suffix = f" {village or spec.suffix}".rstrip()
        number = numbers[plan.kind][index - 1]
        if plan.kind == Kind.SCHOOL:
            in_town = not village and not spec.suffix.startswith(("с.", "п."))
            form, full, short = _school_name(rng, plan, number, suffix, in_town)
        elif plan.kind == Kind.KINDERGARTEN:
            form = "МАДОУ" if rng.random() < 0.1 else "МБДОУ"
            nickname = rng.choice(names.KINDERGARTEN_NAMES)
            full = short = f"Детский сад{'' if village else f' № {number}'} «{nickname}»{suffix}"
        elif plan.kind == Kind.ADDITIONAL:
            title, plan.profile = extra_kinds[(index - 1) % len(extra_kinds)]
            repeat = (index - 1) // len(extra_kinds)
            form, full = "МБУ ДО", f"{title}{f' № {repeat + 1}' if repeat else ''}{suffix}"
            short = full
        elif plan.kind == Kind.METHODICAL_SERVICE:
            form, full, short = "МКУ", f"{service}{suffix}", f"{service}{suffix}"
        else:
            form, short = "ГАУ ДПО", "Институт развития образования"
            full = f"Институт развития образования {names.REGION_NAME_GENITIVE}"
        street = f"{rng.choice(names.STREETS)}, д. {rng.randint(1, 120)}"
        plan.organization = Organization(
            municipality=municipality,
            kind=plan.kind,
            name=f"{names.LEGAL_FORMS[form]} «{full}»",
            short_name=f"{form} «{short}»",
            address=f"{spec.name}, {village}, {street}" if village else f"{spec.town}, {street}",
            email=f"{EMAIL_PREFIX[plan.kind]}{index}@{spec.slug}.example.org",
            phone=f"+7 (8{spec.oktmo}) {rng.randint(20, 79)}-{rng.randint(10, 99)}-"
            f"{rng.randint(10, 99)}",
        )


def _places(rng, spec, count):
    """For each of `count` organizations, the largest first: a village, or "" for the centre."""
    villages = rng.sample(spec.villages, len(spec.villages))
    in_town = max(1, math.ceil(count / 3)) if not spec.is_city else count - count // 4
    places = [""] * min(in_town, count) + villages[: max(count - in_town, 0)]
    return places + [""] * (count - len(places))


def _numbers(rng, count):
    """School and kindergarten numbers: unique, with the gaps that closures leave."""
    return rng.sample(range(1, 2 * count + 3), count)


def _school_name(rng, plan, number, suffix, in_town):
    """Legal form, full and short name of a school; gymnasiums and lyceums only in towns."""
    if plan.village:
        title = "ООШ" if plan.size < 32 and rng.random() < 0.35 else "СОШ"
        full = {"СОШ": "Средняя", "ООШ": "Основная"}[title] + " общеобразовательная школа"
        return "МБОУ", f"{full}{suffix}", f"{title}{suffix}"
    if in_town and plan.size >= 45 and rng.random() < 0.35:
        plan.gymnasium = True
        title = f"{rng.choice(['Гимназия', 'Лицей'])} № {number}{suffix}"
        return ("МАОУ" if rng.random() < 0.5 else "МБОУ"), title, title
    form = "МАОУ" if rng.random() < 0.1 else "МБОУ"
    if rng.random() < 0.1:
        full = f"Средняя общеобразовательная школа № {number} с углублённым изучением отдельных "
        return form, f"{full}предметов{suffix}", f"СОШ № {number} с УИОП{suffix}"
    return form, f"Средняя общеобразовательная школа № {number}{suffix}", f"СОШ № {number}{suffix}"


def create_organizations(rng, today, plans):
    """Saves the named organizations with unique valid ИНН, their flags and statuses."""
    serials = rng.sample(range(10000, 100000), len(plans))
    for plan, serial in zip(plans, serials, strict=True):
        plan.organization.inn = make_inn(f"{names.REGION_CODE}{plan.municipality + 1:02d}{serial}")
    flag_schools(rng, [p for p in plans if p.kind == Kind.SCHOOL])
    organizations = Organization.objects.bulk_create(p.organization for p in plans)
    create_statuses(rng, today, plans)
    return organizations


def flag_schools(rng, schools):
    """ШНОР and unfavourable social conditions: more often in villages, never in gymnasiums nor
    in the demo users' school (the first)."""
    for plan in schools[1:]:
        if plan.gymnasium:
            continue
        org = plan.organization
        org.low_results = rng.random() < (0.2 if plan.village else 0.07)
        odds = 0.6 if org.low_results else 0.2 if plan.village else 0.05
        org.unfavourable_conditions = rng.random() < odds
    if len(schools) >= 3 and not any(p.organization.low_results for p in schools):
        schools[-1].organization.low_results = True


def create_statuses(rng, today, plans):
    """Innovation sites, internship sites of the ЦНППМ and municipal resource centres."""
    candidates = [p for p in plans if p.kind in (Kind.SCHOOL, Kind.ADDITIONAL)]
    schools = [p for p in candidates if p.kind == Kind.SCHOOL]
    largest = {}  # municipality → its largest school
    for plan in schools:
        largest.setdefault(plan.municipality, plan)
    resource_centres = [largest[index] for index in sorted(largest)[:3]]
    statuses = []
    for kind, chosen, years in (
        (OrganizationStatusKind.INNOVATION_SITE, _some(rng, candidates, 0.08), 3),
        (OrganizationStatusKind.INTERNSHIP_SITE, _some(rng, schools, 0.05), 2),
        (OrganizationStatusKind.RESOURCE_CENTRE, resource_centres, None),
    ):
        for plan in chosen:
            start = today - timedelta(days=rng.randint(30, 700))
            regional = kind != OrganizationStatusKind.RESOURCE_CENTRE
            body = "управления образования"
            if regional:
                body = f"министерства образования {names.REGION_NAME_GENITIVE}"
            statuses.append(
                OrganizationStatus(
                    organization=plan.organization,
                    kind=kind,
                    level="региональный" if regional else "муниципальный",
                    topic=rng.choice(names.STATUS_TOPICS),
                    start_date=start,
                    end_date=add_years(start, years) if years else None,
                    document=f"Приказ {body} от {start:%d.%m.%Y} № {rng.randint(100, 1500)}",
                )
            )
    OrganizationStatus.objects.bulk_create(statuses)


def _some(rng, items, share):
    return rng.sample(items, min(len(items), max(1, round(len(items) * share))))


# Staff ------------------------------------------------------------------------------------------


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


# Attestation ------------------------------------------------------------------------------------


def create_attestations(rng, today, staff):
    positions = {position.name: position for position in Position.objects.all()}
    attestations, highest = [], []
    for job in staff:
        made = attest(rng, today, job.person, positions.get(job.slot.position))
        attestations += made
        if made and made[-1].category == Category.HIGHEST:
            highest.append(made[-1])
    attestations += new_categories(rng, today, highest)
    for attestation in attestations:
        attestation.valid_until = attestation_valid_until(
            attestation.category, attestation.decision_date
        )
    Attestation.objects.bulk_create(attestations)


def attest(rng, today, person, position):
    """The person's attestations, oldest first: the category held now, and for some holders of
    the highest the first category before it."""
    career = person.career_start
    years = (today - career).days / 365.25
    odds = next(weights for minimum, weights in CATEGORY_ODDS if years >= minimum)
    category = rng.choices(CATEGORIES, odds)[0]
    position = position if position and not position.is_management else None
    if category is None:
        return []
    five_years_ago = add_years(today, -5)
    first, last = five_years_ago + timedelta(days=1), today - timedelta(days=14)
    if category == Category.COMPLIANCE and rng.random() < 0.05:
        # Overdue: the five years have run out and there is no new decision yet.
        first, last = five_years_ago - timedelta(days=150), five_years_ago - timedelta(days=1)
    first = max(first, add_years(career, 4 if category == Category.HIGHEST else 2))
    if first > last:
        return []
    decided = _day_between(rng, first, last)
    made = [_attestation(rng, person, category, decided, position)]
    if category == Category.HIGHEST and rng.random() < 0.6:
        before = add_years(decided, -rng.randint(3, 5)) - timedelta(days=rng.randint(0, 90))
        if before >= add_years(career, 2):
            made.insert(0, _attestation(rng, person, Category.FIRST, before, position))
    return made


def new_categories(rng, today, highest):
    """«Педагог-методист» and «педагог-наставник», only for holders of the highest category on
    the decision date, and only after the order of 2023 introduced them."""
    made = []
    eligible = list(highest)
    for category in (Category.METHODIST, Category.MENTOR):
        count = max(1, round(len(highest) * NEW_CATEGORY_SHARE))
        for base in rng.sample(eligible, min(count, len(eligible))):
            eligible.remove(base)
            first = max(base.decision_date + timedelta(days=180), ATTESTATION_ORDER_START)
            last = today - timedelta(days=14)
            valid_until = attestation_valid_until(base.category, base.decision_date)
            if valid_until is not None:
                last = min(last, valid_until)
            if first <= last:
                made.append(
                    _attestation(rng, base.person, category, _day_between(rng, first, last), None)
                )
    return made


def _attestation(rng, person, category, decided, position):
    regional = category != Category.COMPLIANCE
    number = f"{rng.randint(100, 1900)}" if regional else f"{rng.randint(3, 150)}-к"
    return Attestation(
        person=person,
        category=category,
        decision_date=decided,
        order_number=number,
        position=position,
    )


def _day_between(rng, first, last):
    return first + timedelta(days=rng.randint(0, (last - first).days))


# Users and summary ------------------------------------------------------------------------------


def create_demo_users(rng, today, registry):
    """A superuser and one user per role, all with the password `demo12345`, each linked to a
    person of its scope, so that the «Моё» pages of every login lead somewhere."""
    password = make_password(DEMO_PASSWORD)
    users = {}
    for username, role, scope, person in demo_logins(registry):
        user = User.objects.create(
            username=username,
            first_name=person.first_name,
            last_name=person.last_name,
            email=f"{username}@example.org",
            password=password,
            person=person,
            is_staff=role is None,
            is_superuser=role is None,
        )
        if role is not None:
            assignment = RoleAssignment(user=user, role=role, **scope)
            assignment.full_clean()
            assignment.save()
        users[username] = user
    return users


def demo_logins(registry):
    """(username, role or None for the superuser, scope, person) of each demo login: the
    region's administrator and the system's administrator are heads of the institute (the
    operator of the regional system), the ЦНППМ coordinator heads its centre, the regional
    methodist is one of its methodists, the municipal methodist works at the regional centre's
    methodical service, the school administrator is a deputy head of the school."""
    region, centre, school = registry.region, registry.municipalities[0], registry.school
    institute = next(org for org in registry.organizations if org.kind == Kind.INSTITUTE)
    service = next(
        org
        for org in registry.organizations
        if org.kind == Kind.METHODICAL_SERVICE and org.municipality_id == centre.pk
    )
    staff_of = StaffPicker(registry)
    return [
        ("admin", None, {}, staff_of(institute, "Руководитель структурного подразделения")),
        ("region", Role.REGIONAL_ADMIN, {"region": region}, staff_of(institute, "Директор")),
        ("cnppm", Role.CNPPM_COORDINATOR, {"region": region}, staff_of(institute, CENTRE_HEAD)),
        (
            "regmethodist",
            Role.REGIONAL_METHODIST,
            {"region": region},
            staff_of(institute, "Методист", "Старший методист"),
        ),
        (
            "municipal",
            Role.MUNICIPAL_METHODIST,
            {"municipality": centre},
            staff_of(service, "Методист", "Старший методист"),
        ),
        (
            "school",
            Role.ORGANIZATION_ADMIN,
            {"organization": school},
            staff_of(school, *SCHOOL_ADMIN_POSITIONS),
        ),
        ("teacher", Role.TEACHER, {}, registry.teacher),
    ]


CENTRE_HEAD = "Руководитель центра"
SCHOOL_ADMIN_POSITIONS = (
    "Заместитель директора по научно-методической работе",
    "Заместитель директора по учебной работе",
    "Директор",
)


class StaffPicker:
    """Picks a different member of staff for each demo login: the first in one of the asked
    positions (in their order), else the first of the organization."""

    def __init__(self, registry):
        self.staff = registry.staff
        self.taken = {registry.teacher.pk}

    def __call__(self, organization, *positions):
        people = [
            job
            for job in self.staff
            if job.organization is organization and job.person.pk not in self.taken
        ]
        ranked = [job for position in positions for job in people if job.slot.position == position]
        person = (ranked or people)[0].person
        self.taken.add(person.pk)
        return person


def registry_summary(context):
    region, today = context.region, context.today
    organizations = Organization.objects.filter(municipality__region=region)
    people = Person.objects.filter(employments__organization__municipality__region=region)
    people = Person.objects.filter(pk__in=people.values("pk"))
    jobs = Employment.objects.active(today).filter(organization__municipality__region=region)
    attestations = Attestation.objects.filter(person__in=people)
    summary = {
        _("Муниципалитеты"): region.municipalities.count(),
        _("Организации"): organizations.count(),
    }
    for kind, label in Kind.choices:
        count = organizations.filter(kind=kind).count()
        if count:
            summary[f"  {label}"] = count
    summary.update(
        {
            _("Работники"): people.count(),
            _("  из них молодые специалисты"): people.young_specialists(today).count(),
            _("Действующие места работы"): jobs.count(),
            _("  из них по совместительству"): jobs.filter(is_main=False).count(),
            _("Аттестации"): attestations.count(),
            _("  из них к переаттестации в ближайшие 6 месяцев или просроченные"): (
                attestations.latest_per_person()
                .filter(valid_until__isnull=False, valid_until__lte=add_months(today, 6))
                .count()
            ),
            _("Статусы организаций"): OrganizationStatus.objects.filter(
                organization__in=organizations
            ).count(),
        }
    )
    return summary
