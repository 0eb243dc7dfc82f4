from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.methodists.models import Methodist, MethodistAssignment
from tests import factories
from tests.methodists.factories import (
    AssignmentFactory,
    methodist_in,
    region_methodist,
    teacher,
)

URL = "/api/methodists/"
ASSIGNMENTS = "/api/methodist-assignments/"


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def today():
    return timezone.localdate()


@pytest.fixture
def methodist_a(two_orgs):
    methodist = methodist_in(two_orgs["org_a"], "Математика", last_name="Методистова")
    AssignmentFactory(methodist=methodist, person=two_orgs["person_a"])
    return methodist


@pytest.fixture
def methodist_b(two_orgs):
    return methodist_in(two_orgs["org_b"], last_name="Бетова-Методист")


@pytest.fixture
def municipal_a(two_orgs):
    return factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])


# Reads -----------------------------------------------------------------------------------------


def test_methodists_regional_admin_lists_the_region(regional_admin, methodist_a, methodist_b):
    assert ids(client_for(regional_admin).get(URL)) == sorted([methodist_a.pk, methodist_b.pk])


def test_methodists_municipal_methodist_lists_own_municipality(
    municipal_a, two_orgs, methodist_a, methodist_b
):
    wide = region_methodist(two_orgs["org_b"])

    assert ids(client_for(municipal_a).get(URL)) == sorted([methodist_a.pk, wide.pk])


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_methodist_of_another_municipality_not_found(municipal_a, methodist_b, method):
    response = getattr(client_for(municipal_a), method)(
        f"{URL}{methodist_b.pk}/", {"load_cap": 5}, format="json"
    )

    assert response.status_code == 404
    assert Methodist.objects.get(pk=methodist_b.pk).load_cap == 250


def test_methodist_in_view_but_not_change_scope_forbidden(municipal_a, methodist_a):
    client = client_for(municipal_a)

    statuses = [
        client.patch(f"{URL}{methodist_a.pk}/", {"load_cap": 5}, format="json").status_code,
        client.post(f"{URL}{methodist_a.pk}/exclude/", {}, format="json").status_code,
        client.delete(f"{URL}{methodist_a.pk}/").status_code,
    ]

    assert statuses == [403, 403, 403]


def test_methodist_detail_fields(regional_admin, two_orgs, methodist_a):
    data = client_for(regional_admin).get(f"{URL}{methodist_a.pk}/").json()

    assert data == {
        "id": methodist_a.pk,
        "person": methodist_a.person_id,
        "person_name": methodist_a.person.full_name,
        "region": two_orgs["mun_a"].region_id,
        "region_name": "Тестовая область",
        "municipality": two_orgs["mun_a"].pk,
        "municipality_name": "Город А",
        "subjects": [factories.subject("Математика").pk],
        "subject_names": ["Математика"],
        "directions": "",
        "included_on": "2023-09-01",
        "document": "Приказ ЦНППМ № 12 от 01.09.2023",
        "excluded_on": None,
        "load_cap": 250,
        "load": 1,
        "is_overloaded": False,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"overloaded": "true"}, ["over"]),
        ({"municipality": "null"}, ["wide"]),
        ({"state": "excluded"}, ["gone"]),
        ({"search": "перегруз"}, ["over"]),
    ],
)
def test_methodists_filtered(regional_admin, two_orgs, params, expected):
    org = two_orgs["org_a"]
    made = {
        "over": methodist_in(org, last_name="Перегрузова", load_cap=1),
        "wide": region_methodist(org, last_name="Широкова"),
        "gone": methodist_in(org, last_name="Ушедшая", excluded_on=date(2024, 12, 1)),
    }
    AssignmentFactory(methodist=made["over"], person=teacher(org))
    AssignmentFactory(methodist=made["over"], person=teacher(org))

    response = client_for(regional_admin).get(URL, params)

    assert ids(response) == sorted(made[name].pk for name in expected)


def test_methodists_list_queries_do_not_grow_with_rows(regional_admin, two_orgs):
    client = client_for(regional_admin)
    org = two_orgs["org_a"]
    AssignmentFactory(methodist=methodist_in(org, "Математика"), person=teacher(org))
    with CaptureQueriesContext(connection) as one:
        assert len(ids(client.get(URL))) == 1

    for index in range(4):
        methodist = methodist_in(org, "Физика", "Химия", last_name=f"Методист{index}")
        AssignmentFactory(methodist=methodist, person=teacher(org))
    with CaptureQueriesContext(connection) as five:
        assert len(ids(client.get(URL))) == 5

    assert len(five) == len(one)


def test_assignments_visible_with_their_teachers(org_admin_a, two_orgs, methodist_a):
    wide = region_methodist(two_orgs["org_b"])
    hidden = AssignmentFactory(methodist=wide, person=two_orgs["person_b"])

    response = client_for(org_admin_a).get(ASSIGNMENTS)

    assert ids(response) == [methodist_a.assignments.get().pk]
    assert client_for(org_admin_a).get(f"{ASSIGNMENTS}{hidden.pk}/").status_code == 404


def test_assignments_list_queries_do_not_grow_with_rows(regional_admin, two_orgs, methodist_a):
    client = client_for(regional_admin)
    with CaptureQueriesContext(connection) as one:
        assert len(ids(client.get(ASSIGNMENTS))) == 1

    for _ in range(4):
        AssignmentFactory(methodist=methodist_a, person=teacher(two_orgs["org_a"]))
    with CaptureQueriesContext(connection) as five:
        assert len(ids(client.get(ASSIGNMENTS))) == 5

    assert len(five) == len(one)


# Writes ----------------------------------------------------------------------------------------


def test_methodist_created_and_audited(regional_admin, two_orgs):
    payload = {
        "person": two_orgs["person_b"].pk,
        "region": two_orgs["mun_b"].region_id,
        "municipality": None,
        "subjects": [factories.subject("Физика").pk],
        "included_on": "2024-09-01",
        "load_cap": 200,
    }

    response = client_for(regional_admin).post(URL, payload, format="json")

    assert response.status_code == 201, response.content
    assert (response.json()["municipality_name"], response.json()["load"]) == (None, 0)
    methodist = Methodist.objects.get()
    assert (methodist.municipality, methodist.load_cap) == (None, 200)
    assert AuditEntry.objects.get().action == "routes.methodist.created"


def test_methodist_create_refused_with_the_model_message(regional_admin, two_orgs):
    payload = {
        "person": two_orgs["person_a"].pk,
        "region": two_orgs["mun_a"].region_id,
        "municipality": two_orgs["mun_a"].pk,
        "included_on": (today() + timedelta(days=2)).isoformat(),
    }

    response = client_for(regional_admin).post(URL, payload, format="json")

    assert response.status_code == 400
    assert response.json() == {"included_on": ["Дата включения не может быть в будущем."]}


def test_methodist_create_forbidden_to_municipal_methodist(municipal_a, two_orgs):
    payload = {
        "person": two_orgs["person_a"].pk,
        "region": two_orgs["mun_a"].region_id,
        "included_on": "2024-09-01",
    }

    assert client_for(municipal_a).post(URL, payload, format="json").status_code == 403


def test_methodist_person_and_region_stay_fixed(regional_admin, two_orgs, methodist_a):
    response = client_for(regional_admin).patch(
        f"{URL}{methodist_a.pk}/", {"person": two_orgs["person_b"].pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "person": [
            "Работника и регион методиста изменить нельзя: исключите его из актива и "
            "добавьте нового."
        ]
    }


def test_methodist_excluded_through_the_api(regional_admin, methodist_a):
    response = client_for(regional_admin).post(
        f"{URL}{methodist_a.pk}/exclude/", {"excluded_on": today().isoformat()}, format="json"
    )

    assert response.status_code == 200, response.content
    assert (response.json()["excluded_on"], response.json()["load"]) == (today().isoformat(), 0)
    assert methodist_a.assignments.get().ends_on == today()


def test_methodist_with_assignments_not_deleted(regional_admin, methodist_a):
    response = client_for(regional_admin).delete(f"{URL}{methodist_a.pk}/")

    assert response.status_code == 409
    assert Methodist.objects.filter(pk=methodist_a.pk).exists()


def test_teacher_assigned_through_the_api(regional_admin, two_orgs, methodist_a):
    colleague = teacher(two_orgs["org_a"])

    response = client_for(regional_admin).post(
        ASSIGNMENTS, {"methodist": methodist_a.pk, "person": colleague.pk}, format="json"
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["person"], data["starts_on"], data["is_active"]) == (
        colleague.pk,
        today().isoformat(),
        True,
    )
    assert "over_cap" not in data


def test_assignment_at_cap_needs_over_cap(regional_admin, two_orgs):
    methodist = methodist_in(two_orgs["org_a"], load_cap=1)
    AssignmentFactory(methodist=methodist, person=teacher(two_orgs["org_a"]))
    client = client_for(regional_admin)
    payload = {"methodist": methodist.pk, "person": two_orgs["person_a"].pk}

    refused = client.post(ASSIGNMENTS, payload, format="json")
    accepted = client.post(ASSIGNMENTS, {**payload, "over_cap": True}, format="json")

    assert refused.status_code == 400
    assert list(refused.json()) == ["over_cap"]
    assert accepted.status_code == 201
    assert methodist.assignments.filter(ends_on__isnull=True).count() == 2


def test_assignment_of_a_teacher_outside_the_scope_refused(two_orgs, region, methodist_a):
    coordinator_b = factories.user_with_role(
        Role.CNPPM_COORDINATOR, factories.RegionFactory(name="Чужая область")
    )

    response = client_for(coordinator_b).post(
        ASSIGNMENTS,
        {"methodist": methodist_a.pk, "person": two_orgs["person_a"].pk},
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"methodist", "person"}


def test_assignment_ended_through_the_api(regional_admin, methodist_a):
    assignment = methodist_a.assignments.get()

    response = client_for(regional_admin).post(f"{ASSIGNMENTS}{assignment.pk}/end/", {})

    assert response.status_code == 200, response.content
    assert (response.json()["ends_on"], response.json()["is_active"]) == (
        today().isoformat(),
        False,
    )
    assert AuditEntry.objects.get().action == "routes.methodist.assignment_ended"


def test_assignment_end_forbidden_in_view_scope_only(municipal_a, methodist_a):
    assignment = methodist_a.assignments.get()

    response = client_for(municipal_a).post(f"{ASSIGNMENTS}{assignment.pk}/end/", {})

    assert response.status_code == 403
    assert MethodistAssignment.objects.get().ends_on is None


def test_assignments_cannot_be_edited_or_deleted(regional_admin, methodist_a):
    assignment = methodist_a.assignments.get()
    client = client_for(regional_admin)

    statuses = [
        client.patch(f"{ASSIGNMENTS}{assignment.pk}/", {"starts_on": "2024-01-01"}).status_code,
        client.delete(f"{ASSIGNMENTS}{assignment.pk}/").status_code,
    ]

    assert statuses == [405, 405]
