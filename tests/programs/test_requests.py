"""Training requests: who files them, for whom, their review, and the summary by direction and
organization computed by hand."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.programs import selectors, services
from profrost.programs.models import RequestStatus, TrainingRequest
from tests import factories
from tests.programs.factories import RequestFactory, today

YEAR = today().year + 1


def data(**changes):
    return {"year": YEAR, "direction": "Функциональная грамотность", **changes}


def test_teacher_files_a_request_for_themselves(catalogue):
    request = services.create_request(
        by=catalogue["teacher"], data=data(person=catalogue["person_a"])
    )

    assert (request.organization, request.headcount, request.created_by) == (
        catalogue["org_a"],
        1,
        catalogue["teacher"],
    )
    assert AuditEntry.objects.filter(action="programs.trainingrequest.created").count() == 1


def test_teacher_may_not_file_a_request_of_the_staff(catalogue):
    with pytest.raises(ValidationError) as error:
        services.create_request(
            by=catalogue["teacher"], data=data(organization=catalogue["org_a"], headcount=5)
        )

    assert error.value.message_dict == {
        "person": [
            "Укажите работника: заявку от всего коллектива подают администратор организации и "
            "методическая служба."
        ]
    }
    assert TrainingRequest.objects.count() == 0


def test_organization_admin_files_a_staff_request_and_not_for_another_school(catalogue):
    request = services.create_request(
        by=catalogue["admin"], data=data(organization=catalogue["org_a"], headcount=12)
    )

    with pytest.raises(ValidationError):
        services.create_request(
            by=catalogue["admin"], data=data(organization=catalogue["org_b"], headcount=3)
        )
    with pytest.raises(PermissionDenied):
        services.create_request(by=catalogue["admin"], data=data(person=catalogue["person_b"]))

    assert list(TrainingRequest.objects.values_list("pk", "headcount")) == [(request.pk, 12)]


def test_request_for_a_person_in_an_organization_where_they_do_not_work_is_refused(catalogue):
    with pytest.raises(ValidationError) as error:
        services.create_request(
            by=catalogue["methodist"],
            data=data(person=catalogue["person_a"], organization=catalogue["org_b"]),
        )

    assert error.value.message_dict["organization"] == [
        f"{catalogue['person_a']} сейчас не работает в этой организации."
    ]


def test_request_year_out_of_range_is_refused(catalogue):
    with pytest.raises(ValidationError) as error:
        services.create_request(
            by=catalogue["teacher"], data=data(person=catalogue["person_a"], year=1999)
        )

    first, last = services.year_range()
    assert error.value.message_dict == {"year": [f"Укажите год обучения от {first} до {last}."]}


def test_request_without_a_direction_takes_the_competence_name(catalogue):
    competence = factories.CompetenceFactory(name="Оценивание образовательных результатов")

    request = services.create_request(
        by=catalogue["teacher"],
        data=data(person=catalogue["person_a"], direction="", competence=competence),
    )

    assert request.direction == "Оценивание образовательных результатов"


def test_review_is_for_municipal_and_regional_levels(catalogue):
    request = RequestFactory(organization=catalogue["org_a"], person=catalogue["person_a"])

    with pytest.raises(PermissionDenied):
        services.review_request(request, by=catalogue["admin"], status=RequestStatus.ACCEPTED)
    services.review_request(request, by=catalogue["methodist"], status=RequestStatus.ACCEPTED)

    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    with pytest.raises(ValidationError) as error:
        services.update_request(request, by=catalogue["teacher"], data={"headcount": 1})
    assert error.value.messages == ["Заявка уже рассмотрена («Учтена»): изменить её нельзя."]


def test_teacher_changes_only_their_own_request(catalogue):
    other = factories.EmploymentFactory(organization=catalogue["org_a"]).person
    request = RequestFactory(organization=catalogue["org_a"], person=other)

    with pytest.raises(PermissionDenied):
        services.delete_request(request, by=catalogue["teacher"])

    assert TrainingRequest.objects.filter(pk=request.pk).exists()


# The summary -----------------------------------------------------------------------------------


def test_request_summary_counts_by_direction_and_organization(two_orgs):
    org_a, org_b = two_orgs["org_a"], two_orgs["org_b"]
    reading, digital = "Читательская грамотность", "Цифровая среда"
    RequestFactory(organization=org_a, person=two_orgs["person_a"], direction=reading)
    RequestFactory(organization=org_a, direction=reading, headcount=7)
    RequestFactory(organization=org_b, person=two_orgs["person_b"], direction=reading)
    RequestFactory(organization=org_b, direction=digital, headcount=4)
    RequestFactory(organization=org_b, direction=digital, headcount=2)

    summary = selectors.request_summary(TrainingRequest.objects.all())

    rows = [
        (
            r["direction"],
            r["organization__short_name"],
            r["individual"],
            r["collective"],
            r["headcount"],
        )
        for r in summary.rows
    ]
    assert rows == [
        (digital, "Школа Б", 0, 2, 6),
        (reading, "Школа А", 1, 1, 8),
        (reading, "Школа Б", 1, 0, 1),
    ]
    assert [
        (d["direction"], d["organizations"], d["requests"], d["headcount"])
        for d in summary.directions
    ] == [(reading, 2, 3, 9), (digital, 1, 2, 6)]
    assert summary.totals == {"requests": 5, "organizations": 2, "directions": 2, "headcount": 15}


def test_request_summary_page_shows_only_the_scope_and_leaves_declined_out(client, two_orgs):
    org_a = two_orgs["org_a"]
    RequestFactory(organization=org_a, direction="Наставничество", headcount=3)
    RequestFactory(organization=org_a, direction="Наставничество", headcount=9, status="declined")
    RequestFactory(organization=two_orgs["org_b"], direction="Наставничество", headcount=5)
    client.force_login(factories.user_with_role(Role.ORGANIZATION_ADMIN, org_a))

    response = client.get("/programs/requests/summary/")
    declined = client.get("/programs/requests/summary/", {"status": "declined"})

    assert response.context["summary"].totals["headcount"] == 3
    assert declined.context["summary"].totals["headcount"] == 9
    assert "Школа Б" not in response.content.decode()


def test_request_summary_exports_xlsx(client, two_orgs):
    RequestFactory(organization=two_orgs["org_a"], direction="Наставничество", headcount=3)
    client.force_login(factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_a"]))

    response = client.get("/programs/requests/summary/", {"export": "xlsx"})

    sheet = load_workbook(BytesIO(response.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        [
            "Направление",
            "Муниципалитет",
            "Организация",
            "Заявок работников",
            "Заявок коллектива",
            "Человек",
        ],
        ["Наставничество", "Город А", "Школа А", 0, 1, 3],
    ]
