"""The indicator registry as a whole, and the small world the indicator tests are built in.

The world: «Тестовая область» with «Город А» (schools «А1», «А2») and «Район Б» («Б1»), and
«Соседняя область» with «Город В» («В1»), whose people must never count. The period is the
first half of 2025, computed for the region. Values are read as `{label: (numerator,
denominator, value)}` from the `IndicatorValue` rows the computation stores.
"""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from profrost.achievements.models import CompetitionParticipation, ExpertActivity, Publication
from profrost.diagnostics.models import Attempt, Campaign, CompetenceResult, Deficit, Instrument
from profrost.mentoring.models import MentoringPair, MentoringProgram
from profrost.methodists.models import Methodist, MethodistAssignment
from profrost.monitoring import services
from profrost.monitoring.indicators import REGISTRY
from profrost.monitoring.indicators.base import ALL_LEVELS, COUNT, PRESENCE, RATIO, SHARE
from profrost.monitoring.models import IndicatorValue, MonitoringPeriod, ScopeLevel
from profrost.network.models import Association, Event, Participation
from profrost.practices.models import Document, InnovationProject, InnovationReport
from profrost.programs.models import Cohort, Enrollment, Program, TrainingRequest
from profrost.registry.models import Municipality, Organization, OrganizationStatus, Region
from profrost.routes.models import Route
from profrost.staffing.models import Vacancy
from tests import factories
from tests.achievements.factories import CompetitionFactory

D = Decimal
START, END = date(2025, 1, 1), date(2025, 6, 30)
YOUNG_BIRTH = date(1998, 4, 1)  # 27 on the period's last day
YOUNG_CAREER_START = date(2023, 9, 1)  # in the second year of work on that day

# Every row of the indicator table of DOMAIN.md.
DOMAIN_CODES = [
    "diagnosed_share",
    "route_share",
    "registry_program_share",
    "management_teams_trained",
    "load_per_methodist",
    "young_supported_share",
    "cnppm_staff_trained_share",
    "trained_count",
    "training_requests",
    "published_count",
    "events_count",
    "event_participants",
    "competition_participation",
    "experts_count",
    "associations_count",
    "young_trained_count",
    "young_competition_share",
    "young_difficulties_monitored",
    "staffing_needs",
    "innovation_sites",
]


# The world -------------------------------------------------------------------------------------


class World(dict):
    def __getattr__(self, name):
        return self[name]


def build_world(period_level="region"):
    region = factories.RegionFactory(name="Тестовая область")
    other = factories.RegionFactory(name="Соседняя область")
    mun_a = factories.MunicipalityFactory(region=region, name="Город А")
    mun_b = factories.MunicipalityFactory(region=region, name="Район Б")
    mun_c = factories.MunicipalityFactory(region=other, name="Город В")
    world = World(
        region=region,
        other=other,
        mun_a=mun_a,
        mun_b=mun_b,
        mun_c=mun_c,
        a1=factories.OrganizationFactory(municipality=mun_a, short_name="А1"),
        a2=factories.OrganizationFactory(municipality=mun_a, short_name="А2"),
        b1=factories.OrganizationFactory(municipality=mun_b, short_name="Б1"),
        c1=factories.OrganizationFactory(municipality=mun_c, short_name="В1"),
    )
    world["period"] = MonitoringPeriod.objects.create(
        title="2025, первое полугодие",
        level=period_level,
        region=region,
        municipality=mun_a if period_level == "municipality" else None,
        starts_on=START,
        ends_on=END,
    )
    return world


@pytest.fixture
def world(db):
    return build_world()


def scope_labels():
    labels = {f"region:{pk}": name for pk, name in Region.objects.values_list("pk", "name")}
    for model, field in ((Municipality, "name"), (Organization, "short_name")):
        level = model.__name__.lower()
        for pk, name in model.objects.values_list("pk", field):
            labels[f"{level}:{pk}"] = name
    return labels


def values(period, code):
    """{label: (numerator, denominator, value)} of one indicator, as the computation stores."""
    rows = services.indicator_values(
        REGISTRY[code], period, services.period_scopes(period), timezone.now()
    )
    labels = scope_labels()
    return {labels[row.scope_key]: (row.numerator, row.denominator, row.value) for row in rows}


def stored(period, code):
    labels = scope_labels()
    return {
        labels[row.scope_key]: (row.numerator, row.denominator, row.value)
        for row in IndicatorValue.objects.filter(period=period, indicator=code)
    }


def counts(a1, a2, b1, mun_a, mun_b, region):
    """The expected values of a count indicator in the world's six scopes."""
    return {
        "А1": (D(a1), None, D(a1)),
        "А2": (D(a2), None, D(a2)),
        "Б1": (D(b1), None, D(b1)),
        "Город А": (D(mun_a), None, D(mun_a)),
        "Район Б": (D(mun_b), None, D(mun_b)),
        "Тестовая область": (D(region), None, D(region)),
    }


# People and facts ------------------------------------------------------------------------------


def hire(organization, position="Учитель", start=date(2015, 9, 1), end=None, **person):
    fields = {f"person__{name}": value for name, value in person.items()}
    return factories.EmploymentFactory(
        organization=organization,
        position=factories.position(position),
        start_date=start,
        end_date=end,
        **fields,
    ).person


def young(organization, **person):
    """A young teacher on the period's last day: under 35 and in the first three years of work
    (seed 003 6.2.6, both conditions)."""
    person.setdefault("birth_date", YOUNG_BIRTH)
    person.setdefault("career_start", YOUNG_CAREER_START)
    return hire(organization, **person)


def employ(person, organization, position="Учитель", start=date(2015, 9, 1), end=None):
    factories.EmploymentFactory(
        person=person,
        organization=organization,
        position=factories.position(position),
        start_date=start,
        end_date=end,
        is_main=False,
    )


def moment(day, hour=10, minute=0):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def result(person, competence, on, percent=30):
    return CompetenceResult.objects.create(
        person=person,
        competence=competence,
        source="import",
        source_title=f"Диагностика {on:%d.%m.%Y}",
        measured_on=on,
        score=D(percent),
        max_score=D(100),
        percent=D(percent),
        level="deficit" if percent < 50 else "proficient",
    )


def deficit(person, competence, on):
    found = result(person, competence, on)
    return Deficit.objects.create(
        person=person, competence=competence, level="deficit", found_by=found, found_on=on
    )


_programs = iter(range(1, 10**6))


def program(kind="pk", registry=False, competences=(), **fields):
    number = next(_programs)
    fields.setdefault("provider_name", "Институт развития образования")
    row = Program.objects.create(
        title=f"Программа {number}",
        kind=kind,
        hours={"pk": 36, "pp": 260}.get(kind, 24),
        form="distance",
        federal_registry=registry,
        registry_number=f"ФР-{number:05d}" if registry else "",
        **fields,
    )
    row.competences.set(competences)
    return row


def cohort(program_row, starts_on=date(2025, 2, 1), ends_on=date(2025, 3, 20)):
    return Cohort.objects.create(
        program=program_row, starts_on=starts_on, ends_on=ends_on, capacity=30
    )


def complete(person, where, on, status="completed"):
    """An enrolment of `person` in `where` (a cohort or a program: a new cohort of it)."""
    if isinstance(where, Program):
        where = cohort(where, starts_on=date(on.year - 1, 1, 1), ends_on=on)
    return Enrollment.objects.create(
        cohort=where,
        person=person,
        status=status,
        completed_on=on if status == "completed" else None,
    )


# The registry ----------------------------------------------------------------------------------


def test_registry_covers_every_indicator_of_the_domain_table():
    assert [code for code in DOMAIN_CODES if code not in REGISTRY] == []


def test_registry_has_presence_indicators_of_seed_001():
    presence = sorted(code for code, item in REGISTRY.items() if item.kind == PRESENCE)
    assert presence == [
        "has_mentoring_program",
        "has_methodical_materials",
        "has_monitoring",
        "has_municipal_associations",
        "has_municipal_digital",
        "has_municipal_inclusion",
        "has_municipal_pre_profile",
        "has_municipal_program",
        "has_municipal_project",
        "has_municipal_project_work",
    ]


def test_registry_every_indicator_is_documented():
    incomplete = [
        code
        for code, item in REGISTRY.items()
        if not (item.name and item.seed and item.unit and item.description and item.group)
        or not item.levels
        or not set(item.levels) <= set(ALL_LEVELS)
        or (item.denominator is None) != (item.kind in (COUNT, PRESENCE))
    ]
    assert incomplete == []


def test_registry_default_targets_are_those_of_seed_003():
    targets = {
        code: (item.default_target, item.direction)
        for code, item in REGISTRY.items()
        if item.default_target is not None and item.kind != PRESENCE
    }
    assert targets == {
        "diagnosed_share": (D(20), "higher"),
        "route_share": (D(15), "higher"),
        "registry_program_share": (D(30), "higher"),
        "management_teams_trained": (D(40), "higher"),
        "load_per_methodist": (D(250), "lower"),
        "young_supported_share": (D(70), "higher"),
        "cnppm_staff_trained_share": (D(100), "higher"),
    }


def test_registry_kinds_of_the_seed_003_indicators():
    kinds = {code: REGISTRY[code].kind for code in DOMAIN_CODES[:7]}
    assert kinds == {
        "diagnosed_share": SHARE,
        "route_share": SHARE,
        "registry_program_share": SHARE,
        "management_teams_trained": SHARE,
        "load_per_methodist": RATIO,
        "young_supported_share": SHARE,
        "cnppm_staff_trained_share": SHARE,
    }


# The whole computation -------------------------------------------------------------------------


def populate(world, size):
    """`size` more schools in each municipality of the region, each with a teacher, a young
    teacher and a head and facts for every indicator; per municipality a methodist, an
    institute with a member of staff trained at the academy, and municipal documents."""
    competence = factories.CompetenceFactory(code="Q.1")
    shared = World(
        competence=competence,
        registry_program=program(registry=True, competences=[competence]),
        academy_program=program(provider_name="ФГАОУ ДПО «Академия Минпросвещения России»"),
        competition=CompetitionFactory(region=world.region, year=2025),
        survey=Campaign.objects.create(
            title="Затруднения молодых",
            instrument=Instrument.objects.get(code="young-difficulties"),
            level="region",
            region=world.region,
            starts_on=START,
            ends_on=END,
        ),
    )
    for municipality in (world.mun_a, world.mun_b):
        institute = factories.OrganizationFactory(municipality=municipality, kind="institute")
        complete(hire(institute, "Методист"), shared.academy_program, date(2024, 3, 1))
        shared["methodist"] = Methodist.objects.create(
            person=factories.PersonFactory(),
            region=world.region,
            municipality=municipality,
            included_on=date(2024, 1, 1),
        )
        for kind in ("monitoring", "municipal_program", "municipal_project"):
            Document.objects.create(
                kind=kind,
                title="Документ",
                level="municipality",
                region=world.region,
                municipality=municipality,
                valid_from=date(2024, 1, 1),
                description="Аннотация",
            )
        MentoringProgram.objects.create(
            title="Наставничество",
            level="municipality",
            region=world.region,
            municipality=municipality,
            starts_on=date(2024, 9, 1),
            ends_on=date(2026, 8, 31),
        )
        for _number in range(size):
            populate_school(world, factories.OrganizationFactory(municipality=municipality), shared)


def populate_school(world, school, shared):
    teacher, novice, head = hire(school), young(school), hire(school, "Директор")
    deficit(teacher, shared.competence, date(2025, 2, 1))
    complete(teacher, shared.registry_program, date(2025, 3, 1))
    complete(novice, program(), date(2025, 4, 1))
    complete(head, program(quality_management=True), date(2024, 5, 1))
    route = Route.objects.create(
        person=novice, title="ИОМ", starts_on=START, ends_on=date(2025, 12, 31)
    )
    Route.objects.filter(pk=route.pk).update(created=moment(date(2025, 1, 20)))
    MethodistAssignment.objects.create(
        methodist=shared.methodist, person=teacher, starts_on=date(2024, 9, 1)
    )
    MentoringPair.objects.create(
        organization=school,
        mentor=teacher,
        mentee=novice,
        starts_on=date(2024, 9, 1),
        planned_end_on=date(2025, 8, 31),
    )
    Attempt.objects.create(
        campaign=shared.survey, person=novice, status="submitted", submitted_at=moment(START)
    )
    Publication.objects.create(
        person=teacher, title="Статья", edition="Вестник", level="regional", year=2025
    )
    CompetitionParticipation.objects.create(
        competition=shared.competition, person=novice, result="winner"
    )
    ExpertActivity.objects.create(
        person=head,
        kind="jury",
        direction="Математика",
        body="Жюри",
        level="municipal",
        started_on=date(2024, 9, 1),
    )
    TrainingRequest.objects.create(
        organization=school,
        year=2025,
        filed_on=date(2025, 2, 1),
        direction="Грамотность",
        headcount=5,
    )
    populate_school_network(world, school, teacher)
    populate_school_sites(school)


def populate_school_network(world, school, teacher):
    Association.objects.create(
        title="ШМО",
        kind="school_mo",
        level="organization",
        region=world.region,
        municipality=school.municipality,
        organization=school,
        problem_area="Грамотность",
        founded_on=date(2020, 9, 1),
    )
    event = Event.objects.create(
        title="Семинар",
        kind="seminar",
        level="school",
        organizer_organization=school,
        region=world.region,
        municipality=school.municipality,
        organization=school,
        starts_at=moment(date(2025, 3, 3)),
        ends_at=moment(date(2025, 3, 3), 12),
        place="Зал",
        status="held",
    )
    Participation.objects.create(event=event, person=teacher, attended=True)
    Document.objects.create(
        kind="recommendations",
        title="Рекомендации",
        level="organization",
        region=world.region,
        municipality=school.municipality,
        organization=school,
        valid_from=date(2024, 1, 1),
        description="Аннотация",
    )
    MentoringProgram.objects.create(
        title="Наставничество в школе",
        level="organization",
        region=world.region,
        municipality=school.municipality,
        organization=school,
        starts_on=date(2024, 9, 1),
        ends_on=date(2026, 8, 31),
    )


def populate_school_sites(school):
    OrganizationStatus.objects.create(
        organization=school, kind="innovation_site", start_date=date(2023, 9, 1)
    )
    project = InnovationProject.objects.create(
        organization=school,
        site_kind="innovation_site",
        level="municipal",
        title="Проект",
        starts_on=date(2023, 9, 1),
        ends_on=date(2026, 8, 31),
    )
    InnovationReport.objects.create(
        project=project,
        year=2024,
        submitted_on=date(2025, 6, 1),
        text="Отчёт",
        effect="Эффект",
        effect_level="high",
    )
    Vacancy.objects.create(
        organization=school,
        position=factories.position(),
        hours=D(18),
        opened_on=date(2025, 3, 1),
        contact="Приёмная",
    )


def compute_queries(period):
    with CaptureQueriesContext(connection) as queries:
        services.compute_period(period, by=None)
    return len(queries), IndicatorValue.objects.filter(period=period).count()


def test_compute_period_queries_do_not_grow_with_organizations_and_people(world):
    populate(world, 1)
    small, small_rows = compute_queries(world.period)
    IndicatorValue.objects.filter(period=world.period).delete()
    populate(world, 3)
    large, large_rows = compute_queries(world.period)
    assert large_rows > small_rows
    assert large == small


def test_compute_period_stores_every_indicator_for_every_scope_of_its_levels(world):
    populate(world, 1)
    services.compute_period(world.period, by=None)
    scopes = {
        ScopeLevel.REGION: 1,
        ScopeLevel.MUNICIPALITY: 2,
        ScopeLevel.ORGANIZATION: Organization.objects.filter(
            municipality__region=world.region
        ).count(),
    }
    expected = {
        code: sum(scopes[level] for level in item.levels) for code, item in REGISTRY.items()
    }
    found = dict.fromkeys(REGISTRY, 0)
    for code in IndicatorValue.objects.filter(period=world.period).values_list(
        "indicator", flat=True
    ):
        found[code] += 1
    assert found == expected


def test_compute_period_stores_what_each_indicator_gives(world):
    populate(world, 2)
    services.compute_period(world.period, by=None)
    assert {code: stored(world.period, code) for code in REGISTRY} == {
        code: values(world.period, code) for code in REGISTRY
    }


def amount(measure, rows):
    if measure.total:
        return rows.aggregate(amount=Coalesce(Sum(measure.total), D(0)))["amount"]
    return D(rows.aggregate(amount=Count(measure.count, distinct=True))["amount"])


def test_drill_down_rows_give_the_stored_numbers(world):
    populate(world, 1)
    services.compute_period(world.period, by=None)
    differ = []
    for value in IndicatorValue.objects.filter(period=world.period):
        indicator = REGISTRY[value.indicator]
        pk = int(value.scope_key.split(":")[1])
        parts = [(indicator.numerator, value.numerator)]
        if indicator.denominator:
            parts.append((indicator.denominator, value.denominator))
        for measure, number in parts:
            rows = measure.rows_for(world.period, value.level, pk)
            if amount(measure, rows) != number:
                differ.append((value.indicator, value.scope_key))
    assert differ == []
