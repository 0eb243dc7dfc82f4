"""«До → после» on a completed route and the ranking of programs by the measured change, both
computed by hand here."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profrost.routes import selectors
from profrost.routes.models import ActivityKind, RouteStatus
from tests import factories
from tests.routes.factories import (
    RouteFactory,
    RouteItemFactory,
    cohort,
    days,
    program,
    result,
)


def completed_route(person, *, agreed=-50, completed=-10, **extra):
    return RouteFactory(
        person=person,
        status=RouteStatus.COMPLETED,
        starts_on=days(agreed - 5),
        agreed_on=days(agreed),
        completed_on=days(completed),
        **extra,
    )


def row(competence):
    change = competence.change
    return (
        competence.code,
        competence.before_percent,
        competence.after_percent,
        change if change is None else Decimal(change),
    )


# Before → after -----------------------------------------------------------------------------------


def test_before_after_takes_the_latest_before_agreement_and_the_first_after_completion(people):
    person, met = people["person"], people["met"]
    result(person, met, 20, days(-100))  # older than the latest before: ignored
    result(person, met, 40, days(-30))  # during the route: ignored
    result(person, met, 55, days(-8))  # the first after completion
    result(person, met, 80, days(-2))  # later: ignored
    route = completed_route(person)
    RouteItemFactory(route=route, covers=[people["deficit_met"]])
    RouteItemFactory(route=route, covers=[people["deficit_psy"]])

    rows = [row(competence) for competence in selectors.before_after(route)]

    # The fixture's results: R.MET 30 % and R.PSY 60 % sixty days ago.
    assert rows == [
        ("R.MET", Decimal("30.0"), Decimal("55.0"), Decimal("25.0")),
        ("R.PSY", Decimal("60.0"), None, None),
    ]


def test_before_after_counts_a_result_on_the_day_of_completion(people):
    route = completed_route(people["person"], completed=-10)
    RouteItemFactory(route=route, covers=[people["deficit_psy"]])
    result(people["person"], people["psy"], 62, days(-10))

    [competence] = selectors.before_after(route)

    assert (competence.after_percent, competence.change) == (Decimal("62.0"), Decimal("2.0"))


def test_route_page_shows_before_and_after(client, people):
    route = completed_route(people["person"])
    RouteItemFactory(route=route, covers=[people["deficit_met"]])
    result(people["person"], people["met"], 71, days(-5))
    client.force_login(people["methodist"])

    content = client.get(f"/routes/{route.pk}/").content.decode()

    assert "До → после" in content
    assert "+41,0" in content


# The ranking of programs --------------------------------------------------------------------------


@pytest.fixture
def ranking(people):
    """Program «Урок и возраст» (R.MET, R.PSY) was taken by three people of A, «Только урок»
    (R.MET) by two; changes by hand:
    - first:  R.MET 30 → 50 (+20), R.PSY 60 → 70 (+10)
    - second: R.MET 40 → 70 (+30), R.PSY not measured after
    - third:  R.MET 20 → 30 (+10), R.PSY not measured before
    «Урок и возраст»: (20 + 10 + 30 + 10) / 4 = 17.5 over 3 people and 4 measurements.
    «Только урок»: 2 people — too few to rank.
    """
    met, psy = people["met"], people["psy"]
    both = cohort(program([met, psy], title="Урок и возраст", registry=True), start=-45)
    only = cohort(program([met], title="Только урок"), start=-45)

    def taker(before, after, course, psy_before=None, psy_after=None):
        person = factories.EmploymentFactory(organization=people["org_a"]).person
        result(person, met, before, days(-60))
        result(person, met, after, days(-5))
        if psy_before is not None:
            result(person, psy, psy_before, days(-60))
        if psy_after is not None:
            result(person, psy, psy_after, days(-5))
        route = completed_route(person)
        RouteItemFactory(
            route=route,
            kind=ActivityKind.PROGRAM,
            cohort=course,
            program=course.program,
            title=course.program.title,
        )
        return person

    taker(30, 50, both, psy_before=60, psy_after=70)
    taker(40, 70, both, psy_before=55)
    taker(20, 30, both, psy_after=90)
    taker(50, 60, only)
    taker(45, 40, only)
    # Not counted: a route still in progress, and a route of organization B.
    running = factories.EmploymentFactory(organization=people["org_a"]).person
    result(running, met, 10, days(-60))
    result(running, met, 90, days(-5))
    in_progress = completed_route(running)
    in_progress.status = RouteStatus.IN_PROGRESS
    in_progress.save()
    RouteItemFactory(route=in_progress, kind="program", cohort=both, program=both.program)
    result(people["person_b"], met, 10, days(-60))
    result(people["person_b"], met, 100, days(-5))
    outside = completed_route(people["person_b"])
    RouteItemFactory(route=outside, kind="program", cohort=both, program=both.program)
    return {"both": both.program, "only": only.program}


def test_program_effect_ranks_programs_by_the_mean_change(people, ranking):
    ranked, few = selectors.program_effect(people["methodist"])

    assert [(r["program"], r["mean_change"], r["people"], r["measurements"]) for r in ranked] == [
        (ranking["both"], Decimal("17.5"), 3, 4)
    ]
    assert [(r["program"], r["mean_change"], r["people"]) for r in few] == [
        (ranking["only"], Decimal("2.5"), 2)
    ]


def test_program_effect_of_the_region_counts_organization_b_too(people, ranking):
    regional = factories.user_with_role("regional_methodist", people["mun_a"].region)

    ranked, _few = selectors.program_effect(regional)

    # B's person: R.MET 10 → 100 (+90): (70 + 90) / 5 = 32.
    assert [(r["mean_change"], r["people"]) for r in ranked] == [(Decimal("32"), 4)]


def test_program_effect_page_explains_and_ranks(client, people, ranking):
    client.force_login(people["methodist"])

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/routes/program-effect/")

    content = response.content.decode()
    assert "Урок и возраст" in content
    assert "+17,5" in content
    assert "Только урок" not in content
    assert "не меньше 3 человек" in content
    assert len(captured) <= 12


def test_program_effect_page_is_for_who_manages_routes(client, people):
    client.force_login(people["teacher"])

    assert client.get("/routes/program-effect/").status_code == 403
