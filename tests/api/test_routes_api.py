"""The routes API (/api/routes/, /api/route-items/, /api/route-checkpoints/): scoped like the
pages, writing through the routes' services."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from profrost.core.models import AuditEntry
from profrost.routes.models import Checkpoint, ItemStatus, Route, RouteItem, RouteStatus
from tests import factories
from tests.routes.factories import (
    CheckpointFactory,
    RouteFactory,
    RouteItemFactory,
    cohort,
    days,
    program,
    route_people,
)


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


@pytest.fixture
def people(two_orgs):
    return route_people(two_orgs)


@pytest.fixture
def routes(people):
    route_a = RouteFactory(person=people["person"], tutor=people["tutor"], title="ИОМ Альфиной")
    item = RouteItemFactory(route=route_a, covers=[people["deficit_met"]], title="Курс")
    RouteItemFactory(route=route_a, covers=[people["deficit_psy"]], title="ШМО")
    route_b = RouteFactory(person=people["person_b"], title="ИОМ Бетовой")
    return {
        "a": route_a,
        "b": route_b,
        "item": item,
        "checkpoint": CheckpointFactory(item=item, due_on=days(-2)),
        "item_b": RouteItemFactory(route=route_b),
    }


# Reading ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_key", "expected"),
    [("methodist", ["a"]), ("teacher", ["a"]), ("tutor_user", ["a"]), ("admin_b", ["b"])],
)
def test_routes_are_listed_within_scope(people, routes, user_key, expected):
    response = client_for(people[user_key]).get("/api/routes/")

    assert ids(response) == sorted(routes[key].pk for key in expected)


def test_route_carries_its_counts(people, routes):
    data = client_for(people["methodist"]).get(f"/api/routes/{routes['a'].pk}/").json()

    assert (data["status"], data["item_count"], data["planned_hours"], data["overdue_count"]) == (
        "draft",
        2,
        16,
        0,
    )
    assert data["organization_name"] == "Школа А"


def test_route_of_another_organization_is_not_found(people, routes):
    client = client_for(people["methodist"])

    assert client.get(f"/api/routes/{routes['b'].pk}/").status_code == 404
    assert client.post(f"/api/routes/{routes['b'].pk}/agree/").status_code == 404
    assert client.get(f"/api/route-items/{routes['item_b'].pk}/").status_code == 404


def test_route_items_are_filtered_by_route(people, routes):
    response = client_for(people["teacher"]).get("/api/route-items/", {"route": routes["a"].pk})

    assert ids(response) == sorted(routes["a"].items.values_list("pk", flat=True))


def test_route_list_query_count_does_not_grow(people):
    client = client_for(people["methodist"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/routes/").status_code == 200
        return len(captured)

    def add(count):
        for _index in range(count):
            person = factories.EmploymentFactory(organization=people["org_a"]).person
            RouteItemFactory(route=RouteFactory(person=person, tutor=people["tutor"]))

    add(1)
    few = queries()
    add(5)

    assert queries() == few


# Building and moving ------------------------------------------------------------------------------


def test_route_is_built_by_post(people):
    cohort(program([people["met"]], registry=True, title="Урок"), start=10)
    payload = {
        "person": people["person"].pk,
        "title": "ИОМ через API",
        "starts_on": days(0).isoformat(),
        "ends_on": days(200).isoformat(),
        "hours_budget": 72,
        "tutor": people["tutor"].pk,
    }

    response = client_for(people["methodist"]).post("/api/routes/", payload, format="json")

    assert response.status_code == 201, response.content
    route = Route.objects.get()
    assert (response.json()["id"], response.json()["item_count"]) == (route.pk, 2)
    assert AuditEntry.objects.filter(action="routes.route.built").count() == 1


def test_route_proposal_saves_nothing(people):
    payload = {
        "person": people["person"].pk,
        "starts_on": days(0).isoformat(),
        "ends_on": days(200).isoformat(),
    }

    response = client_for(people["methodist"]).post("/api/routes/proposal/", payload, format="json")

    data = response.json()
    assert response.status_code == 200, data
    assert sorted(data["uncovered"]) == sorted([people["deficit_met"].pk, people["deficit_psy"].pk])
    assert [item["kind"] for item in data["items"]] == ["self_education", "horizontal"]
    assert Route.objects.count() == 0


@pytest.mark.parametrize("user_key", ["teacher", "tutor_user"])
def test_route_is_not_built_by_the_teacher_or_the_tutor(people, user_key):
    payload = {
        "person": people["person"].pk,
        "title": "ИОМ",
        "starts_on": days(0).isoformat(),
        "ends_on": days(100).isoformat(),
    }

    response = client_for(people[user_key]).post("/api/routes/", payload, format="json")

    assert response.status_code == 403
    assert Route.objects.count() == 0


def test_route_moves_by_actions_and_refuses_illegal_ones(people, routes):
    client = client_for(people["methodist"])
    route = routes["a"]

    agreed = client.post(f"/api/routes/{route.pk}/agree/")
    again = client.post(f"/api/routes/{route.pk}/agree/")

    assert agreed.json()["status"] == "agreed"
    assert again.status_code == 400
    assert again.json() == {
        "non_field_errors": [
            "Согласовать можно только черновик маршрута; маршрут сейчас: «Согласован»."
        ]
    }


@pytest.mark.parametrize(("user_key", "expected"), [("teacher", 403), ("admin_b", 404)])
def test_route_actions_are_refused_to_others(people, routes, user_key, expected):
    response = client_for(people[user_key]).post(f"/api/routes/{routes['a'].pk}/agree/")

    assert response.status_code == expected
    assert Route.objects.get(pk=routes["a"].pk).status == RouteStatus.DRAFT


def test_route_cancel_needs_a_reason(people, routes):
    client = client_for(people["methodist"])
    url = f"/api/routes/{routes['a'].pk}/cancel/"

    assert client.post(url, {"reason": ""}, format="json").status_code == 400
    response = client.post(url, {"reason": "Уволилась"}, format="json")

    assert (response.json()["status"], response.json()["cancel_reason"]) == (
        "cancelled",
        "Уволилась",
    )


def test_only_a_draft_is_deleted(people, routes):
    client = client_for(people["methodist"])
    agreed = RouteFactory(person=people["person"], status=RouteStatus.AGREED, period=1)

    refused = client.delete(f"/api/routes/{agreed.pk}/")
    deleted = client.delete(f"/api/routes/{routes['a'].pk}/")

    assert (refused.status_code, deleted.status_code) == (400, 204)


# Items and checkpoints ----------------------------------------------------------------------------


def test_item_is_added_by_the_methodist(people, routes):
    payload = {
        "route": routes["a"].pk,
        "kind": "event",
        "title": "Семинар",
        "covered_deficits": [people["deficit_met"].pk],
        "hours": 4,
    }

    response = client_for(people["methodist"]).post("/api/route-items/", payload, format="json")

    assert response.status_code == 201, response.content
    item = RouteItem.objects.get(title="Семинар")
    assert (item.order, item.competence) == (3, people["met"])


def test_item_is_not_edited_by_the_teacher(people, routes):
    response = client_for(people["teacher"]).patch(
        f"/api/route-items/{routes['item'].pk}/", {"hours": 1}, format="json"
    )

    assert response.status_code == 403


def test_teacher_reports_progress_with_a_file(people, routes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Route.objects.filter(pk=routes["a"].pk).update(status=RouteStatus.AGREED)
    item = routes["item"]

    response = client_for(people["teacher"]).post(
        f"/api/route-items/{item.pk}/progress/",
        {
            "status": "done",
            "evidence_text": "Удостоверение",
            "evidence_file": SimpleUploadedFile("doc.pdf", b"%PDF"),
        },
        format="multipart",
    )

    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert (item.status, item.evidence_text) == (ItemStatus.DONE, "Удостоверение")
    assert Route.objects.get(pk=routes["a"].pk).status == RouteStatus.IN_PROGRESS


def test_teacher_cannot_mark_an_item_not_done(people, routes):
    Route.objects.filter(pk=routes["a"].pk).update(status=RouteStatus.IN_PROGRESS)

    response = client_for(people["teacher"]).post(
        f"/api/route-items/{routes['item'].pk}/progress/", {"status": "not_done"}, format="json"
    )

    assert response.status_code == 403


def test_progress_of_another_persons_item_is_not_found(people, routes):
    response = client_for(people["teacher_b"]).post(
        f"/api/route-items/{routes['item'].pk}/progress/", {"status": "done"}, format="json"
    )

    assert response.status_code == 404


def test_tutor_marks_a_checkpoint(people, routes):
    Route.objects.filter(pk=routes["a"].pk).update(status=RouteStatus.IN_PROGRESS)

    response = client_for(people["tutor_user"]).post(
        f"/api/route-checkpoints/{routes['checkpoint'].pk}/done/", {"done": True}, format="json"
    )

    assert response.status_code == 200, response.content
    assert Checkpoint.objects.get(pk=routes["checkpoint"].pk).done_on == days(0)


def test_checkpoint_is_added_by_the_methodist_only(people, routes):
    payload = {"item": routes["item"].pk, "title": "Открытый урок", "due_on": days(9).isoformat()}

    refused = client_for(people["teacher"]).post("/api/route-checkpoints/", payload, format="json")
    added = client_for(people["methodist"]).post("/api/route-checkpoints/", payload, format="json")

    assert (refused.status_code, added.status_code) == (403, 201)
