"""The programs API: the catalogue with the hours rule, cohorts, enrolments and their moves
through the same services as the pages, training requests and their summary; scoping."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from profrost.programs.models import Enrollment, EnrollmentStatus, Program, TrainingRequest
from tests import factories
from tests.programs.factories import (
    CohortFactory,
    EnrollmentFactory,
    ProgramFactory,
    RequestFactory,
    catalogue_world,
    today,
)

S = EnrollmentStatus


@pytest.fixture
def catalogue(two_orgs, region):
    return catalogue_world(two_orgs, region)


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def program_payload(**changes):
    return {
        "title": "Проектная деятельность",
        "kind": "pk",
        "hours": 36,
        "form": "mixed",
        "provider_name": "ГАУ ДПО ИРО",
        **changes,
    }


# Programs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "hours", "message"),
    [
        ("pk", 15, "Программа вида «Повышение квалификации (ПК)» должна быть не меньше 16 часов."),
        (
            "pp",
            249,
            "Программа вида «Профессиональная переподготовка (ПП)» должна быть не меньше "
            "250 часов.",
        ),
    ],
)
def test_api_program_below_the_minimum_hours_is_refused(catalogue, kind, hours, message):
    response = client_for(catalogue["provider"]).post(
        "/api/programs/", program_payload(kind=kind, hours=hours), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"hours": [message]}
    assert not Program.objects.filter(title="Проектная деятельность").exists()


def test_api_program_is_created_with_competences_and_audited(catalogue):
    competence = factories.CompetenceFactory(code="API.1")

    response = client_for(catalogue["provider"]).post(
        "/api/programs/",
        program_payload(competences=[{"competence": competence.pk, "weight": "0.5"}]),
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["region"], body["competences"]) == (
        catalogue["region"].pk,
        [{"competence": competence.pk, "code": "API.1", "name": competence.name, "weight": "0.50"}],
    )


def test_api_program_writes_are_for_who_keeps_the_catalogue(catalogue):
    program = catalogue["program"]
    school = client_for(catalogue["admin"])

    assert school.post("/api/programs/", program_payload(), format="json").status_code == 403
    assert school.patch(f"/api/programs/{program.pk}/", {"hours": 40}).status_code == 403
    assert school.get(f"/api/programs/{program.pk}/").status_code == 200


def test_api_programs_of_another_region_are_not_found(catalogue):
    foreign = ProgramFactory(region=factories.RegionFactory(name="Дальняя область"))
    client = client_for(catalogue["teacher"])

    assert ids(client.get("/api/programs/")) == [catalogue["program"].pk]
    assert client.get(f"/api/programs/{foreign.pk}/").status_code == 404


def test_api_programs_filter_by_kind_and_registry(catalogue):
    listed = ProgramFactory(
        region=catalogue["region"],
        kind="pp",
        hours=260,
        federal_registry=True,
        registry_number="ФР-77",
    )
    client = client_for(catalogue["teacher"])

    assert ids(client.get("/api/programs/", {"kind": "pp"})) == [listed.pk]
    assert ids(client.get("/api/programs/", {"registry": "true"})) == [listed.pk]


# Cohorts ---------------------------------------------------------------------------------------


def test_api_cohort_is_created_by_the_provider_with_places(catalogue):
    response = client_for(catalogue["provider"]).post(
        "/api/cohorts/",
        {
            "program": catalogue["program"].pk,
            "starts_on": (today() + timedelta(days=10)).isoformat(),
            "ends_on": (today() + timedelta(days=20)).isoformat(),
            "capacity": 15,
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert (response.json()["capacity"], response.json()["free"]) == (15, 15)


def test_api_cohort_with_wrong_dates_is_refused_in_russian(catalogue):
    response = client_for(catalogue["provider"]).patch(
        f"/api/cohorts/{catalogue['cohort'].pk}/",
        {"ends_on": (today() - timedelta(days=30)).isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"ends_on": ["Окончание раньше начала."]}


def test_api_cohort_by_a_school_is_forbidden(catalogue):
    response = client_for(catalogue["admin"]).patch(
        f"/api/cohorts/{catalogue['cohort'].pk}/", {"capacity": 40}, format="json"
    )

    assert response.status_code == 403


# Enrolments ------------------------------------------------------------------------------------


def test_api_enrollment_flow_apply_approve_complete(catalogue):
    teacher = client_for(catalogue["teacher"])
    applied = teacher.post(
        "/api/enrollments/",
        {"cohort": catalogue["cohort"].pk, "person": catalogue["person_a"].pk},
        format="json",
    )
    pk = applied.json()["id"]

    approved = client_for(catalogue["admin"]).post(f"/api/enrollments/{pk}/approve/", {})
    completed = client_for(catalogue["provider"]).post(
        f"/api/enrollments/{pk}/complete/",
        {"document_number": "У-100", "completed_on": today().isoformat()},
        format="json",
    )

    assert (applied.status_code, approved.status_code, completed.status_code) == (201, 200, 200)
    body = completed.json()
    assert (body["status"], body["document_kind"], body["document_number"]) == (
        S.COMPLETED,
        "certificate",
        "У-100",
    )
    assert [step["to_status"] for step in body["transitions"]] == [
        S.APPLIED,
        S.APPROVED,
        S.COMPLETED,
    ]


def test_api_enrollment_illegal_move_is_a_400_with_the_message(catalogue):
    enrollment = EnrollmentFactory(cohort=catalogue["cohort"], person=catalogue["person_a"])

    response = client_for(catalogue["provider"]).post(
        f"/api/enrollments/{enrollment.pk}/complete/",
        {"document_number": "1", "completed_on": today().isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            "Нельзя отметить завершение обучения: запись в статусе «Заявка подана»."
        ]
    }


def test_api_enrollment_move_by_who_may_not_is_a_403_and_an_outsider_a_404(catalogue):
    enrollment = EnrollmentFactory(cohort=catalogue["cohort"], person=catalogue["person_a"])
    url = f"/api/enrollments/{enrollment.pk}/approve/"

    assert client_for(catalogue["teacher"]).post(url, {}).status_code == 403
    assert client_for(catalogue["admin_b"]).post(url, {}).status_code == 404
    enrollment.refresh_from_db()
    assert enrollment.status == S.APPLIED


def test_api_enrollment_capacity_is_respected(catalogue):
    cohort = catalogue["cohort"]
    for person in (catalogue["person_b"], factories.PersonFactory()):
        EnrollmentFactory(cohort=cohort, person=person, status=S.APPROVED)
    colleague = factories.EmploymentFactory(organization=catalogue["org_a"]).person
    waiting = EnrollmentFactory(cohort=cohort, person=colleague)

    response = client_for(catalogue["admin"]).post(f"/api/enrollments/{waiting.pk}/approve/", {})

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Нельзя одобрить заявку: в потоке нет свободных мест (занято 2 из 2)."]
    }


def test_api_enrollment_for_a_person_out_of_scope_is_refused(catalogue):
    response = client_for(catalogue["admin"]).post(
        "/api/enrollments/",
        {"cohort": catalogue["cohort"].pk, "person": catalogue["person_b"].pk},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["person"]
    assert Enrollment.objects.count() == 0


def test_api_enrollments_are_scoped_and_their_query_count_is_constant(catalogue):
    client = client_for(catalogue["provider"])

    def add(count):
        for _ in range(count):
            person = factories.EmploymentFactory(organization=catalogue["org_a"]).person
            EnrollmentFactory(cohort=CohortFactory(program=catalogue["program"]), person=person)

    add(1)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/enrollments/")
    add(3)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/enrollments/")

    assert len(many) == len(few)
    assert response.json()["count"] == 4
    assert client_for(catalogue["admin_b"]).get("/api/enrollments/").json()["count"] == 0


# Training requests -----------------------------------------------------------------------------


def test_api_training_request_by_a_teacher_and_its_review(catalogue):
    created = client_for(catalogue["teacher"]).post(
        "/api/training-requests/",
        {"person": catalogue["person_a"].pk, "year": today().year + 1, "direction": "ОВЗ"},
        format="json",
    )
    pk = created.json()["id"]

    refused = client_for(catalogue["admin"]).post(
        f"/api/training-requests/{pk}/review/", {"status": "accepted"}
    )
    accepted = client_for(catalogue["methodist"]).post(
        f"/api/training-requests/{pk}/review/", {"status": "accepted"}
    )

    assert (created.status_code, refused.status_code, accepted.status_code) == (201, 403, 200)
    assert accepted.json()["status"] == "accepted"
    assert created.json()["organization"] == catalogue["org_a"].pk


def test_api_training_request_of_the_staff_by_a_teacher_is_refused(catalogue):
    response = client_for(catalogue["teacher"]).post(
        "/api/training-requests/",
        {"organization": catalogue["org_a"].pk, "year": today().year + 1, "direction": "ОВЗ"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["person"]
    assert TrainingRequest.objects.count() == 0


def test_api_training_request_summary(catalogue):
    org = catalogue["org_a"]
    RequestFactory(organization=org, direction="ОВЗ", headcount=4)
    RequestFactory(organization=org, direction="ОВЗ", person=catalogue["person_a"])
    RequestFactory(organization=catalogue["org_b"], direction="ОВЗ", headcount=9)

    response = client_for(catalogue["admin"]).get("/api/training-requests/summary/")

    assert response.json() == [
        {
            "direction": "ОВЗ",
            "organization": org.pk,
            "organization_name": "Школа А",
            "municipality_name": "Город А",
            "individual": 1,
            "collective": 1,
            "headcount": 5,
        }
    ]
