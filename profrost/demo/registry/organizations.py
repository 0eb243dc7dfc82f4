"""The demo organizations: how many of each kind and how large, their names, ИНН, flags and
statuses."""

import math
from dataclasses import dataclass
from datetime import timedelta

from profrost.core.dates import add_years
from profrost.demo.registry import names
from profrost.registry.models import (
    Organization,
    OrganizationKind,
    OrganizationStatus,
    OrganizationStatusKind,
)
from profrost.registry.validators import make_inn

Kind = OrganizationKind

# Staff of one organization (fewest, most, typical) and each sector's share of all staff.
SIZES = {Kind.SCHOOL: (25, 70, 42), Kind.KINDERGARTEN: (10, 25, 16), Kind.ADDITIONAL: (8, 20, 13)}
SHARES = {Kind.SCHOOL: 0.66, Kind.KINDERGARTEN: 0.25, Kind.ADDITIONAL: 0.09}

EMAIL_PREFIX = {
    Kind.SCHOOL: "school",
    Kind.KINDERGARTEN: "detsad",
    Kind.ADDITIONAL: "dod",
    Kind.METHODICAL_SERVICE: "imc",
    Kind.INSTITUTE: "iro",
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
