"""Diagnostics, routes and training indicators on hand-built data (see test_indicators.py for
the world: А1, А2 in «Город А», Б1 in «Район Б», В1 in another region; the first half of
2025)."""

from datetime import date

import pytest

from profrost.diagnostics.models import CompetenceResult, Instrument
from profrost.programs.models import TrainingRequest
from profrost.registry.models import OrganizationKind
from profrost.routes.models import Route, RouteItem
from tests import factories
from tests.monitoring.test_indicators import (
    END,
    START,
    D,
    build_world,
    cohort,
    complete,
    counts,
    deficit,
    employ,
    hire,
    moment,
    program,
    result,
    values,
)


@pytest.fixture
def world(db):
    return build_world()


def test_diagnosed_share_counts_staff_diagnosed_in_the_period(world):
    competence = factories.CompetenceFactory(code="IND.D")
    result(hire(world.a1), competence, date(2025, 3, 1))  # counted
    result(hire(world.a1, "Директор"), competence, date(2024, 12, 31))  # before the period
    result(hire(world.a2, end=date(2025, 5, 31)), competence, date(2025, 3, 1))  # has left
    hire(world.a2)
    result(hire(world.c1), competence, date(2025, 3, 1))  # another region
    # А1: 1 of 2; А2: 0 of 1; Б1 has nobody; Город А: 1 of 3; region: 1 of 3.
    assert values(world.period, "diagnosed_share") == {
        "А1": (D(1), D(2), D(50)),
        "А2": (D(0), D(1), D(0)),
        "Б1": (D(0), D(0), None),
        "Город А": (D(1), D(3), D("33.33")),
        "Район Б": (D(0), D(0), None),
        "Тестовая область": (D(1), D(3), D("33.33")),
    }


def taken(person, code, competence, on):
    """A result of `person` from a campaign of the shipped instrument `code`."""
    campaign = factories.CampaignFactory(
        instrument=Instrument.objects.get(code=code), starts_on=START, ends_on=END
    )
    attempt = factories.AttemptFactory(campaign=campaign, person=person)
    return CompetenceResult.objects.create(
        person=person,
        competence=competence,
        source="campaign",
        attempt=attempt,
        measured_on=on,
        score=D(30),
        max_score=D(100),
        percent=D(30),
        level="deficit",
    )


def test_diagnosed_share_counts_the_diagnostics_of_deficits_only(world):
    competence = factories.CompetenceFactory(code="IND.E")
    taken(hire(world.a1), "methodical-test", competence, date(2025, 3, 1))  # counted
    taken(hire(world.a1), "burnout-screening", competence, date(2025, 3, 1))  # a screening
    taken(hire(world.a2), "young-difficulties", competence, date(2025, 3, 1))  # a survey
    result(hire(world.b1), competence, date(2025, 4, 1))  # the federal diagnostics, imported
    # А1: 1 of 2; А2: 0 of 1; Б1: 1 of 1; Город А: 1 of 3; Район Б: 1 of 1; region: 2 of 4.
    assert values(world.period, "diagnosed_share") == {
        "А1": (D(1), D(2), D(50)),
        "А2": (D(0), D(1), D(0)),
        "Б1": (D(1), D(1), D(100)),
        "Город А": (D(1), D(3), D("33.33")),
        "Район Б": (D(1), D(1), D(100)),
        "Тестовая область": (D(2), D(4), D(50)),
    }


def test_diagnosed_share_counts_a_region_instrument_marked_as_diagnostics(world):
    competence = factories.CompetenceFactory(code="IND.F")
    own = factories.InstrumentFactory(region=world.region, counts_as_diagnosis=True)
    own.code = "own-test"
    own.save()
    taken(hire(world.a1), "own-test", competence, date(2025, 3, 1))
    assert values(world.period, "diagnosed_share")["А1"] == (D(1), D(1), D(100))


def route(person, agreed, ends_on=date(2025, 12, 31), status="agreed", starts_on=None):
    row = Route.objects.create(
        person=person,
        title="ИОМ",
        starts_on=starts_on or date(2024, 9, 1),
        ends_on=ends_on,
        status=status,
        agreed_on=agreed,
    )
    # Entered today: the indicators date a route by its own dates, not by its row.
    Route.objects.filter(pk=row.pk).update(created=moment(date(2026, 12, 7)))
    return row


def test_route_share_counts_routes_in_force_in_the_period(world):
    route(hire(world.a1), date(2025, 2, 1))  # counted
    route(hire(world.a1), date(2025, 2, 1), status="cancelled")
    route(hire(world.a2), date(2024, 9, 1), ends_on=date(2024, 12, 31))  # over before
    route(hire(world.b1), date(2025, 7, 10))  # agreed after the period
    route(hire(world.c1), date(2025, 2, 1))  # another region
    route(hire(world.b1), None, status="draft", starts_on=date(2025, 9, 1))  # starts after
    # А1: 1 of 2; А2: 0 of 1; Б1: 0 of 2; Город А: 1 of 3; region: 1 of 5.
    assert values(world.period, "route_share") == {
        "А1": (D(1), D(2), D(50)),
        "А2": (D(0), D(1), D(0)),
        "Б1": (D(0), D(2), D(0)),
        "Город А": (D(1), D(3), D("33.33")),
        "Район Б": (D(0), D(2), D(0)),
        "Тестовая область": (D(1), D(5), D(20)),
    }


def test_route_share_counts_a_draft_from_its_start(world):
    route(hire(world.a1), None, status="draft", starts_on=date(2025, 3, 1))
    assert values(world.period, "route_share")["А1"] == (D(1), D(1), D(100))


def test_registry_program_share_counts_registry_programs_chosen_from_diagnostics(world):
    k = factories.CompetenceFactory(code="IND.K")
    registry_k = cohort(program(registry=True, competences=[k]))
    registry_l = program(registry=True, competences=[factories.CompetenceFactory(code="IND.L")])
    other_k = program(competences=[k])

    t1 = hire(world.a1)  # a deficit in K, then the registry program on K: counted
    deficit(t1, k, date(2025, 2, 1))
    complete(t1, registry_k, date(2025, 3, 20))
    t2 = hire(world.a1)  # the registry program was an item of the route: counted
    own_route = route(t2, date(2025, 1, 15))
    RouteItem.objects.create(route=own_route, kind="program", title="Курс", program=registry_l)
    complete(t2, registry_l, date(2025, 4, 10))
    head = hire(world.a1, "Директор")  # not a teacher: in neither part
    deficit(head, k, date(2025, 2, 1))
    complete(head, registry_k, date(2025, 3, 20))
    complete(hire(world.a2), registry_k, date(2025, 3, 20))  # not chosen from diagnostics
    t3 = hire(world.a2)  # the route planned another cohort of the same program: counted
    registry_m = program(registry=True)
    RouteItem.objects.create(
        route=route(t3, date(2025, 1, 15)), kind="program", title="Курс", cohort=cohort(registry_m)
    )
    complete(t3, registry_m, date(2025, 5, 5))
    t4 = hire(world.a2)  # the deficit was found after the course
    deficit(t4, k, date(2025, 5, 1))
    complete(t4, registry_k, date(2025, 3, 20))
    for day, where, status in (
        (date(2025, 3, 20), other_k, "completed"),  # not in the registry
        (date(2025, 7, 15), registry_k, "completed"),  # after the period
        (date(2025, 3, 20), registry_k, "approved"),  # not completed
    ):
        person = hire(world.b1)
        deficit(person, k, date(2025, 2, 1))
        complete(person, where, day, status=status)
    outsider = hire(world.c1)
    deficit(outsider, k, date(2025, 2, 1))
    complete(outsider, registry_k, date(2025, 3, 20))
    # Teachers: А1 2, А2 3, Б1 3. Counted: t1 and t2 of А1, t3 of А2. Город А: 3 of 5;
    # region: 3 of 8 = 37.5 %.
    assert values(world.period, "registry_program_share") == {
        "А1": (D(2), D(2), D(100)),
        "А2": (D(1), D(3), D("33.33")),
        "Б1": (D(0), D(3), D(0)),
        "Город А": (D(3), D(5), D(60)),
        "Район Б": (D(0), D(3), D(0)),
        "Тестовая область": (D(3), D(8), D("37.50")),
    }


def quality(kind="pk"):
    """A program in the quality-management topic (seed 002 7.3)."""
    return program(kind, quality_management=True)


def test_management_teams_trained_share_of_organizations(world):
    b2 = factories.OrganizationFactory(municipality=world.mun_b, short_name="Б2")
    hire(world.a1)
    complete(hire(world.a1, "Директор"), quality(), date(2023, 9, 1))  # within 3 years
    deputy = hire(world.a2, "Заместитель директора по учебной работе")
    complete(deputy, quality("pp"), date(2022, 6, 1))  # before 30.06.2022: too long ago
    complete(deputy, program(), date(2025, 3, 1))  # a course on another topic
    complete(hire(world.a2), quality(), date(2025, 3, 1))  # a teacher, not the team
    former = hire(world.a2, "Директор", end=date(2024, 12, 31))  # no longer a manager
    complete(former, quality(), date(2024, 5, 1))
    internship = program("internship", quality_management=True)  # not ПК/ПП
    complete(hire(world.b1, "Директор"), internship, date(2025, 3, 1))
    hire(b2)  # no management team: out of the denominator
    complete(hire(world.c1, "Директор"), quality(), date(2025, 3, 1))  # another region
    # Teams: А1 (trained), А2, Б1. Город А: 1 of 2; Район Б: 0 of 1; region: 1 of 3.
    assert values(world.period, "management_teams_trained") == {
        "А1": (D(1), D(1), D(100)),
        "А2": (D(0), D(1), D(0)),
        "Б1": (D(0), D(1), D(0)),
        "Б2": (D(0), D(0), None),
        "Город А": (D(1), D(2), D(50)),
        "Район Б": (D(0), D(1), D(0)),
        "Тестовая область": (D(1), D(3), D("33.33")),
    }


def test_management_teams_trained_on_the_first_day_of_the_three_years(world):
    complete(hire(world.a1, "Директор"), quality(), date(2022, 6, 30))
    assert values(world.period, "management_teams_trained")["А1"] == (D(1), D(1), D(100))


ACADEMY = "ФГАОУ ДПО «Академия Минпросвещения России»"
FORMER_ACADEMY = (
    "ФГАОУ ДПО «Академия реализации государственной политики и профессионального развития "
    "работников образования Министерства просвещения Российской Федерации»"
)


def test_cnppm_staff_trained_share_counts_academy_programs_of_institute_staff(world):
    institute = factories.OrganizationFactory(
        municipality=world.mun_a, short_name="ИРО", kind=OrganizationKind.INSTITUTE
    )
    academy = factories.OrganizationFactory(
        municipality=world.mun_c, short_name="Академия", name=FORMER_ACADEMY, kind="other"
    )
    complete(hire(institute, "Методист"), program(provider_name=ACADEMY), date(2023, 10, 10))
    complete(
        hire(institute, "Руководитель центра"),
        program("pp", provider=academy, provider_name=""),
        date(2024, 4, 1),
    )
    complete(hire(institute, "Методист"), program(), date(2025, 3, 1))  # the institute's own
    complete(hire(institute, "Методист"), program(provider_name=ACADEMY), date(2025, 8, 1))
    complete(hire(world.a1), program(provider_name=ACADEMY), date(2025, 3, 1))  # a school
    other_institute = factories.OrganizationFactory(
        municipality=world.mun_c, kind=OrganizationKind.INSTITUTE
    )
    complete(hire(other_institute), program(provider_name=ACADEMY), date(2025, 3, 1))
    # Staff of the region's institute: 4; trained at the academy by 30.06.2025: 2.
    assert values(world.period, "cnppm_staff_trained_share") == {
        "Тестовая область": (D(2), D(4), D(50)),
    }


def test_cnppm_staff_trained_share_recognises_the_academy_in_any_case(world):
    institute = factories.OrganizationFactory(
        municipality=world.mun_a, kind=OrganizationKind.INSTITUTE
    )
    lower = program(provider_name="академия минпросвещения россии")
    complete(hire(institute, "Методист"), lower, date(2024, 1, 1))
    assert values(world.period, "cnppm_staff_trained_share") == {
        "Тестовая область": (D(1), D(1), D(100)),
    }


def test_trained_count_counts_people_who_completed_pk_or_pp_in_the_period(world):
    t1 = hire(world.a1)  # two programs in the period: counted once
    complete(t1, program(), date(2025, 2, 1))
    complete(t1, program("pp"), date(2025, 5, 1))
    complete(hire(world.a1, "Директор"), program("pp"), date(2025, 4, 1))
    complete(hire(world.a2), program(), date(2024, 12, 31))  # before the period
    complete(hire(world.a2), program("internship"), date(2025, 3, 1))  # not ПК or ПП
    complete(hire(world.a2), program(), END)  # on the last day: counted
    complete(hire(world.b1), program(), date(2025, 3, 1), status="approved")
    complete(hire(world.c1), program(), date(2025, 3, 1))  # another region
    both = hire(world.b1)  # works in Б1 and А1: counted in each, once in the region
    employ(both, world.a1)
    complete(both, program(), START)
    # А1: t1, the head, both = 3; А2: 1; Б1: both = 1; Город А: 4; Район Б: 1; region: 4.
    assert values(world.period, "trained_count") == counts(3, 1, 1, 4, 1, 4)


def request(organization, headcount, filed_on=date(2025, 3, 1), status="new", person=None):
    return TrainingRequest.objects.create(
        organization=organization,
        person=person,
        year=2026,
        filed_on=filed_on,
        direction="Функциональная грамотность",
        headcount=headcount,
        status=status,
    )


def test_training_requests_sum_headcounts_of_requests_filed_in_the_period(world):
    request(world.a1, 12)
    request(world.a1, 1, status="accepted", person=hire(world.a1))
    request(world.a2, 5, status="declined")
    request(world.a2, 7, filed_on=date(2025, 7, 1))  # filed after the period
    request(world.a2, 4, filed_on=date(2024, 12, 31))  # filed before it
    request(world.b1, 3)
    request(world.c1, 20)  # another region
    # А1 has 12 and 1, А2 none, Б1 3, the region 16.
    assert values(world.period, "training_requests") == counts(13, 0, 3, 13, 3, 16)


def test_cnppm_staff_trained_share_has_no_value_in_a_municipal_period(db):
    world = build_world("municipality")
    institute = factories.OrganizationFactory(
        municipality=world.mun_a, kind=OrganizationKind.INSTITUTE
    )
    complete(hire(institute, "Методист"), program(provider_name=ACADEMY), date(2024, 1, 1))
    assert values(world.period, "cnppm_staff_trained_share") == {}
