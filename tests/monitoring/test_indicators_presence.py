"""The «наличие» indicators on hand-built data (see test_indicators.py for the world): a
document (or a mentoring programme) counts only for its own scope, in force on the last day."""

from datetime import date

import pytest
from django.utils import timezone

from profrost.mentoring.models import MentoringProgram
from profrost.monitoring.indicators import REGISTRY
from profrost.monitoring.models import MonitoringPeriod, ScopeLevel
from profrost.practices.models import Document
from tests.monitoring.test_indicators import END, START, D, build_world, values

YES, NO = (D(1), None, D(1)), (D(0), None, D(0))


@pytest.fixture
def world(db):
    return build_world()


def document(world, kind, place, valid_from=date(2024, 1, 1), valid_to=None, topic=""):
    """A document of `place`: the region, a municipality or an organization of the world."""
    level = place.__class__.__name__.lower()
    reach = {"region": world.region if level == "region" else None}
    if level == "municipality":
        reach = {"region": place.region, "municipality": place}
    elif level == "organization":
        reach = {
            "region": place.municipality.region,
            "municipality": place.municipality,
            "organization": place,
        }
    return Document.objects.create(
        kind=kind,
        title="Документ",
        level=level,
        valid_from=valid_from,
        valid_to=valid_to,
        topic=topic,
        description="Аннотация",
        **reach,
    )


def test_has_municipal_program_in_force_on_the_last_day(world):
    document(world, "municipal_program", world.mun_a)
    document(world, "municipal_program", world.mun_b, date(2023, 1, 1), date(2024, 12, 31))
    document(world, "municipal_program", world.mun_b, date(2025, 7, 1))  # not yet
    document(world, "municipal_project", world.mun_b)  # another kind
    assert values(world.period, "has_municipal_program") == {"Город А": YES, "Район Б": NO}


def test_has_municipal_project_until_the_last_day(world):
    document(world, "municipal_project", world.mun_b, valid_to=END)
    assert values(world.period, "has_municipal_project") == {"Город А": NO, "Район Б": YES}


TOPIC_CODES = {
    "project_work": "has_municipal_project_work",
    "pre_profile": "has_municipal_pre_profile",
    "inclusion": "has_municipal_inclusion",
    "digital": "has_municipal_digital",
    "associations": "has_municipal_associations",
}


def test_municipal_programmes_and_projects_count_by_their_area(world):
    document(world, "municipal_project", world.mun_a, topic="project_work")
    document(world, "municipal_program", world.mun_a, topic="inclusion")
    document(world, "municipal_program", world.mun_b, topic="digital")
    document(world, "municipal_program", world.mun_b, topic="associations", valid_to=END)
    document(world, "municipal_project", world.mun_b, date(2025, 7, 1), topic="pre_profile")
    document(world, "municipal_program", world.mun_a)  # no area: the general indicator only
    document(world, "municipal_program", world.mun_c, topic="pre_profile")  # another region
    found = {topic: values(world.period, code) for topic, code in TOPIC_CODES.items()}
    assert found == {
        "project_work": {"Город А": YES, "Район Б": NO},
        "pre_profile": {"Город А": NO, "Район Б": NO},
        "inclusion": {"Город А": YES, "Район Б": NO},
        "digital": {"Город А": NO, "Район Б": YES},
        "associations": {"Город А": NO, "Район Б": YES},
    }
    # The general indicator counts every programme, with an area or without.
    assert values(world.period, "has_municipal_program") == {
        "Город А": (D(2), None, D(1)),
        "Район Б": (D(2), None, D(1)),
    }


def test_municipal_area_in_a_municipal_period(world):
    document(world, "municipal_program", world.mun_a, topic="inclusion")
    document(world, "municipal_program", world.mun_b, topic="inclusion")
    period = monitoring_period(world, world.mun_b, computed=False)
    assert values(period, "has_municipal_inclusion") == {"Район Б": YES}
    assert values(period, "has_municipal_digital") == {"Район Б": NO}


def monitoring_period(world, place=None, starts_on=START, ends_on=END, computed=True):
    """A monitoring period of a municipality of the world (of the region without `place`)."""
    return MonitoringPeriod.objects.create(
        title="Период",
        level="municipality" if place else "region",
        region=place.region if place else world.region,
        municipality=place,
        starts_on=starts_on,
        ends_on=ends_on,
        computed_at=timezone.now() if computed else None,
    )


def test_has_monitoring_counts_the_scopes_own_periods_in_the_system(world):
    monitoring_period(world, world.mun_a, date(2025, 6, 30), date(2025, 12, 31))  # one day
    monitoring_period(world, world.mun_b, computed=False)  # never computed
    monitoring_period(world, world.mun_b, date(2024, 1, 1), date(2024, 12, 31))  # before
    document(world, "monitoring", world.mun_b)  # a typed document does not count
    monitoring_period(world, world.mun_c)  # another region
    # The region's own is the period being computed.
    assert values(world.period, "has_monitoring") == {
        "Город А": YES,
        "Район Б": NO,
        "Тестовая область": YES,
    }


def test_has_methodical_materials_at_every_level(world):
    document(world, "recommendations", world.a1)
    document(world, "manual", world.mun_a)
    document(world, "plan", world.b1)  # another kind
    document(world, "recommendations", world.mun_c)  # another region
    assert values(world.period, "has_methodical_materials") == {
        "А1": YES,
        "А2": NO,
        "Б1": NO,
        "Город А": YES,
        "Район Б": NO,
        "Тестовая область": NO,
    }


def mentoring_program(municipality, organization=None, ends=date(2026, 8, 31)):
    return MentoringProgram.objects.create(
        title="Программа наставничества",
        level="organization" if organization else "municipality",
        region=municipality.region,
        municipality=municipality,
        organization=organization,
        starts_on=date(2024, 9, 1),
        ends_on=ends,
    )


def test_has_mentoring_program_of_organizations_and_municipalities(world):
    mentoring_program(world.mun_a, world.a1)
    mentoring_program(world.mun_a, ends=date(2025, 5, 31))  # over before the last day
    mentoring_program(world.mun_b)
    assert values(world.period, "has_mentoring_program") == {
        "А1": YES,
        "А2": NO,
        "Б1": NO,
        "Город А": NO,
        "Район Б": YES,
    }


def test_presence_drill_down_lists_only_the_scopes_own_documents(world):
    own = document(world, "manual", world.mun_a)
    document(world, "manual", world.a1)
    measure = REGISTRY["has_methodical_materials"].numerator
    rows = measure.rows_for(world.period, ScopeLevel.MUNICIPALITY, world.mun_a.pk)
    assert list(rows.values_list("pk", flat=True)) == [own.pk]


def test_has_monitoring_drill_down_lists_the_periods(world):
    own = monitoring_period(world, world.mun_a)
    monitoring_period(world)  # the region's
    measure = REGISTRY["has_monitoring"].numerator
    rows = measure.rows_for(world.period, ScopeLevel.MUNICIPALITY, world.mun_a.pk)
    assert list(rows.values_list("pk", flat=True)) == [own.pk]


def test_presence_in_a_municipal_period_covers_its_municipality(world):
    document(world, "recommendations", world.a2)
    period = monitoring_period(world, world.mun_a, computed=False)
    assert values(period, "has_monitoring") == {"Город А": YES}
    assert values(period, "has_methodical_materials") == {"А1": NO, "А2": YES, "Город А": NO}
