"""Building a route from the deficit map (services.build_route) and editing its items."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from profrost.core.models import AuditEntry
from profrost.core.text import grouped
from profrost.registry.models import ConsentState, OrganizationStatus, Person
from profrost.routes import services
from profrost.routes.models import ActivityKind, Route, RouteStatus
from tests import factories
from tests.routes.factories import (
    RouteFactory,
    RouteItemFactory,
    cohort,
    days,
    program,
)


def build(people, by=None, **changes):
    values = {
        "title": "ИОМ Альфиной",
        "starts_on": days(0),
        "ends_on": days(200),
        "hours_budget": 72,
        "tutor": people["tutor"],
        **changes,
    }
    return services.build_route(people["person"], by=by or people["methodist"], **values)


def kinds(route):
    return [(item.kind, item.competence.code) for item in route.items.order_by("order")]


def test_build_route_makes_a_draft_with_the_snapshot_and_proposed_items(people):
    registry = program([people["met"]], hours=36, registry=True, title="Урок по ФГОС")
    cohort(registry, start=20)

    route = build(people)

    assert route.status == RouteStatus.DRAFT
    assert [(e["code"], e["level"], e["percent"]) for e in route.deficit_snapshot] == [
        ("R.MET", "deficit", 30.0),
        ("R.PSY", "partial", 60.0),
    ]
    assert kinds(route) == [("program", "R.MET"), ("horizontal", "R.PSY")]
    first = route.items.get(order=1)
    assert (first.title, first.hours, first.program, first.deficit) == (
        "Урок по ФГОС",
        36,
        registry,
        people["deficit_met"],
    )
    assert [c.title for c in first.checkpoints.all()] == [
        "Зачисление на обучение",
        "Документ об обучении загружен в маршрут",
    ]
    assert AuditEntry.objects.filter(action="routes.route.built", object_id=str(route.pk)).exists()


def test_build_route_prefers_the_registry_program_of_the_same_length(people):
    other = program([people["met"]], hours=36, registry=False)
    registry = program([people["met"]], hours=36, registry=True)
    cohort(other, start=10)
    cohort(registry, start=40)

    route = build(people)

    assert route.items.get(kind=ActivityKind.PROGRAM).program == registry


def test_build_route_gives_an_uncovered_deficit_an_internship_at_a_known_site(people):
    OrganizationStatus.objects.create(
        organization=people["org_a"], kind="internship_site", start_date=days(-400)
    )

    route = build(people)

    assert kinds(route) == [("internship", "R.MET"), ("horizontal", "R.PSY")]
    assert route.items.get(kind="internship").link_title == "Школа А"


def test_build_route_keeps_within_the_hours_budget(people):
    cohort(program([people["met"]], hours=72, registry=True), start=10)
    cohort(program([people["psy"]], hours=36, registry=True), start=10)

    route = build(people, hours_budget=80)

    assert kinds(route) == [("program", "R.MET"), ("horizontal", "R.PSY")]
    assert sum(route.items.values_list("hours", flat=True)) == 80


def test_build_route_for_a_person_without_deficits_is_refused(people):
    colleague = factories.EmploymentFactory(organization=people["org_a"]).person

    with pytest.raises(ValidationError, match="нет открытых дефицитов"):
        services.build_route(
            colleague,
            by=people["methodist"],
            title="ИОМ",
            starts_on=days(0),
            ends_on=days(100),
            hours_budget=72,
        )
    assert Route.objects.count() == 0


def test_build_route_with_the_end_before_the_start_is_refused(people):
    with pytest.raises(ValidationError, match="Окончание раньше начала"):
        build(people, ends_on=days(-1))


@pytest.mark.parametrize("user_key", ["teacher", "tutor_user", "admin_b"])
def test_build_route_by_who_does_not_manage_the_person_is_refused(people, user_key):
    with pytest.raises(PermissionDenied):
        build(people, by=people[user_key])
    assert Route.objects.count() == 0


# Items ------------------------------------------------------------------------------------------


@pytest.fixture
def draft(people):
    route = RouteFactory(person=people["person"], tutor=people["tutor"])
    first = RouteItemFactory(route=route, order=1, covers=[people["deficit_met"]])
    second = RouteItemFactory(route=route, order=2, covers=[people["deficit_psy"]])
    return {"route": route, "first": first, "second": second}


def test_add_item_takes_the_competence_of_its_first_deficit(people, draft):
    item = services.add_item(
        draft["route"],
        by=people["methodist"],
        data={
            "kind": ActivityKind.MENTORING,
            "title": "Наставничество",
            "mentor": people["tutor"],
            "covered_deficits": [people["deficit_psy"]],
            "hours": 10,
        },
    )

    assert (item.order, item.deficit, item.competence) == (3, people["deficit_psy"], people["psy"])
    assert list(item.covered_deficits.all()) == [people["deficit_psy"]]


def test_add_item_with_another_persons_deficit_is_refused(people, draft):
    other = factories.CompetenceFactory(code="R.OTHER")
    from tests.routes.factories import deficit

    foreign = deficit(people["person_b"], other)

    with pytest.raises(ValidationError, match="другого работника"):
        services.add_item(
            draft["route"],
            by=people["methodist"],
            data={"kind": "self_education", "title": "Чтение", "covered_deficits": [foreign]},
        )


def test_add_mentoring_item_without_a_mentor_is_refused(people, draft):
    with pytest.raises(ValidationError) as error:
        services.add_item(
            draft["route"], by=people["methodist"], data={"kind": "mentoring", "title": "Пара"}
        )

    assert error.value.message_dict == {"mentor": ["Укажите наставника."]}


def test_move_item_swaps_it_with_its_neighbour(people, draft):
    services.move_item(draft["second"], by=people["methodist"], up=True)

    orders = list(draft["route"].items.order_by("order").values_list("pk", flat=True))
    assert orders == [draft["second"].pk, draft["first"].pk]


def test_delete_item_renumbers_the_rest(people, draft):
    services.delete_item(draft["first"], by=people["methodist"])

    assert list(draft["route"].items.values_list("order", flat=True)) == [1]


def test_items_of_an_agreed_route_are_added_but_not_edited(people, draft):
    route = services.agree_route(draft["route"], by=people["methodist"])

    services.add_item(
        route, by=people["methodist"], data={"kind": "self_education", "title": "Чтение"}
    )
    with pytest.raises(ValidationError, match="Пункты изменяются только в черновике"):
        services.update_item(draft["first"], by=people["methodist"], data={"hours": 12})
    assert route.items.count() == 3


def test_items_of_a_route_in_progress_are_not_removed(people, draft):
    route = services.agree_route(draft["route"], by=people["methodist"])
    services.start_route(route, by=people["methodist"])

    with pytest.raises(ValidationError, match="Из выполняемого маршрута пункты не удаляются"):
        services.delete_item(draft["first"], by=people["methodist"])


def test_items_are_changed_only_by_who_manages_the_route(people, draft):
    for user_key in ("teacher", "tutor_user", "admin_b"):
        with pytest.raises(PermissionDenied):
            services.update_item(draft["first"], by=people[user_key], data={"hours": 1})
    draft["first"].refresh_from_db()
    assert draft["first"].hours == 8


def test_no_route_is_built_for_who_withdrew_consent(people):
    person = people["person"]
    Person.objects.filter(pk=person.pk).update(consent_state=ConsentState.WITHDRAWN)
    person.refresh_from_db()
    with pytest.raises(ValidationError, match="отозвал согласие"):
        build(people)
    assert not Route.objects.filter(person=person).exists()


# One route per person and period; items within the route --------------------------------------


def test_a_second_open_route_for_the_same_period_is_refused_with_the_first_named(people):
    first = RouteFactory(person=people["person"], title="ИОМ на год", status=RouteStatus.AGREED)

    with pytest.raises(ValidationError) as error:
        build(people, starts_on=days(100), ends_on=days(300))

    assert "уже есть маршрут на этот период: «ИОМ на год»" in error.value.messages[0]
    assert list(Route.objects.filter(person=people["person"])) == [first]


def test_a_route_after_the_open_one_or_beside_a_finished_one_is_built(people):
    RouteFactory(person=people["person"], status=RouteStatus.COMPLETED)
    RouteFactory(person=people["person"], starts_on=days(-200), ends_on=days(-1))

    route = build(people, starts_on=days(0), ends_on=days(200))

    assert route.status == RouteStatus.DRAFT


def test_moving_a_route_onto_another_open_one_is_refused(people, draft):
    later = RouteFactory(person=people["person"], starts_on=days(200), ends_on=days(400))

    with pytest.raises(ValidationError, match="уже есть маршрут на этот период"):
        services.update_route(later, by=people["methodist"], data={"starts_on": days(100)})

    later.refresh_from_db()
    assert later.starts_on == days(200)


def item_data(**changes):
    return {"kind": "self_education", "title": "Чтение", "hours": 8, **changes}


def test_an_item_over_the_hours_budget_is_refused(people, draft):
    # The two items hold 16 of 72 hours.
    with pytest.raises(ValidationError) as error:
        services.add_item(draft["route"], by=people["methodist"], data=item_data(hours=100_000))

    assert error.value.message_dict == {
        "hours": [
            f"Часов в пунктах маршрута будет {grouped(100_016)} при бюджете 72: уменьшите часы "
            "пунктов или увеличьте бюджет маршрута."
        ]
    }
    assert draft["route"].items.count() == 2
    services.add_item(draft["route"], by=people["methodist"], data=item_data(hours=56))
    assert draft["route"].items.count() == 3


def test_an_item_outside_the_routes_dates_is_refused(people, draft):
    route = draft["route"]
    with pytest.raises(ValidationError) as error:
        services.add_item(
            route,
            by=people["methodist"],
            data=item_data(starts_on=days(-60), ends_on=days(1000)),
        )

    assert set(error.value.message_dict) == {"starts_on", "ends_on"}
    assert error.value.message_dict["ends_on"] == [
        f"Пункт заканчивается позже маршрута: маршрут идёт до {route.ends_on:%d.%m.%Y}."
    ]
    assert route.items.count() == 2


def test_the_budget_or_dates_of_a_route_cannot_leave_its_items_out(people, draft):
    route = draft["route"]
    with pytest.raises(ValidationError) as budget:
        services.update_route(route, by=people["methodist"], data={"hours_budget": 10})
    with pytest.raises(ValidationError) as dates:
        services.update_route(route, by=people["methodist"], data={"ends_on": days(10)})

    assert list(budget.value.message_dict) == ["hours_budget"]
    assert "выходит за новые сроки маршрута" in dates.value.messages[0]
    route.refresh_from_db()
    assert (route.hours_budget, route.ends_on) == (72, days(150))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ограничение есть только в PostgreSQL"
)
def test_the_database_refuses_a_second_open_route_for_the_same_period(people):
    RouteFactory(person=people["person"], starts_on=days(0), ends_on=days(100))
    RouteFactory(person=people["person"], starts_on=days(101), ends_on=days(200))
    RouteFactory(
        person=people["person"], starts_on=days(50), ends_on=days(60), status=RouteStatus.CANCELLED
    )

    with pytest.raises(IntegrityError, match="routes_route_one_per_period"), transaction.atomic():
        RouteFactory(person=people["person"], starts_on=days(100), ends_on=days(120))
