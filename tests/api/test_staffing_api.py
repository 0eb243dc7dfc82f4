from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.staffing.models import Closure, Vacancy
from tests import factories
from tests.staffing.factories import VacancyFactory

URL = "/api/vacancies/"


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


@pytest.fixture
def vacancy_a(two_orgs):
    return VacancyFactory(organization=two_orgs["org_a"])


@pytest.fixture
def vacancy_b(two_orgs):
    return VacancyFactory(organization=two_orgs["org_b"])


def payload(org, **overrides):
    return {
        "organization": org.pk,
        "position": factories.position().pk,
        "subject": factories.subject("Химия").pk,
        "hours": "12",
        "opened_on": "2025-09-01",
        **overrides,
    }


# Reads


def test_vacancies_org_admin_lists_own(org_admin_a, vacancy_a, vacancy_b):
    assert ids(client_for(org_admin_a).get(URL)) == [vacancy_a.pk]


def test_vacancies_regional_admin_lists_both(regional_admin, vacancy_a, vacancy_b):
    assert ids(client_for(regional_admin).get(URL)) == sorted([vacancy_a.pk, vacancy_b.pk])


def test_vacancies_teacher_lists_nothing(two_orgs, vacancy_a):
    teacher = factories.teacher_user(two_orgs["person_a"])

    assert ids(client_for(teacher).get(URL)) == []
    assert client_for(teacher).get(f"{URL}{vacancy_a.pk}/").status_code == 404


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_vacancy_of_other_organization_not_found(org_admin_a, vacancy_b, method):
    response = getattr(client_for(org_admin_a), method)(
        f"{URL}{vacancy_b.pk}/", {"hours": "1"}, format="json"
    )

    assert response.status_code == 404
    assert Vacancy.objects.get(pk=vacancy_b.pk).hours == Decimal(18)


def test_vacancy_detail_fields(org_admin_a, vacancy_a, two_orgs):
    data = client_for(org_admin_a).get(f"{URL}{vacancy_a.pk}/").json()

    assert data == {
        "id": vacancy_a.pk,
        "organization": two_orgs["org_a"].pk,
        "organization_name": "Школа А",
        "municipality": two_orgs["mun_a"].pk,
        "municipality_name": "Город А",
        "position": factories.position().pk,
        "position_name": "Учитель",
        "subject": factories.subject().pk,
        "subject_name": "Математика",
        "hours": "18.0",
        "opened_on": "2025-09-01",
        "closed_on": None,
        "closure": "",
        "closure_display": "",
        "hired_person": None,
        "hired_person_name": None,
        "is_open": True,
        "contact": "Приёмная: +7 (800) 000-00-00",
        "notes": "",
    }


@pytest.mark.parametrize(
    ("params", "expected"), [({"is_open": "false"}, ["closed"]), ({"subject": "null"}, ["none"])]
)
def test_vacancies_filtered(org_admin_a, two_orgs, params, expected):
    org = two_orgs["org_a"]
    made = {
        "open": VacancyFactory(organization=org),
        "closed": VacancyFactory(
            organization=org, closed_on=date(2025, 10, 1), closure=Closure.CANCELLED
        ),
        "none": VacancyFactory(
            organization=org, position=factories.position("Педагог-психолог"), subject=None
        ),
    }

    response = client_for(org_admin_a).get(URL, params)

    assert ids(response) == sorted(made[name].pk for name in expected)


def test_vacancies_list_queries_do_not_grow_with_rows(org_admin_a, two_orgs):
    client = client_for(org_admin_a)
    VacancyFactory(organization=two_orgs["org_a"])
    with CaptureQueriesContext(connection) as one:
        assert len(ids(client.get(URL))) == 1

    for _ in range(4):
        VacancyFactory(
            organization=two_orgs["org_a"],
            closed_on=date(2025, 10, 1),
            closure=Closure.HIRED,
            hired_person=two_orgs["person_a"],
        )
    with CaptureQueriesContext(connection) as five:
        assert len(ids(client.get(URL))) == 5

    assert len(five) == len(one)


# Writes


def test_vacancy_created_and_audited(org_admin_a, two_orgs):
    response = client_for(org_admin_a).post(URL, payload(two_orgs["org_a"]), format="json")

    assert response.status_code == 201, response.content
    vacancy = Vacancy.objects.get()
    assert (response.json()["id"], response.json()["subject_name"]) == (vacancy.pk, "Химия")
    assert AuditEntry.objects.filter(
        action="staffing.vacancy.created", object_id=str(vacancy.pk), actor=org_admin_a
    ).exists()


def test_vacancy_create_in_other_organization_rejected(org_admin_a, two_orgs):
    response = client_for(org_admin_a).post(URL, payload(two_orgs["org_b"]), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["organization"]
    assert Vacancy.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"hours": "0"}, {"hours": ["Нагрузка должна быть больше нуля."]}),
        ({"hours": "40.5"}, {"hours": ["Нагрузка не может быть больше 40 часов в неделю."]}),
        (
            {"closed_on": "2025-10-01", "closure": "hired"},
            {"closed_on": ["Новая вакансия создаётся открытой; закройте её отдельно."]},
        ),
    ],
)
def test_vacancy_create_invalid_gets_model_message(org_admin_a, two_orgs, overrides, errors):
    response = client_for(org_admin_a).post(
        URL, payload(two_orgs["org_a"], **overrides), format="json"
    )

    assert (response.status_code, response.json()) == (400, errors)
    assert Vacancy.objects.count() == 0


def test_vacancy_create_by_teacher_forbidden(two_orgs):
    teacher = factories.teacher_user(two_orgs["person_a"])

    response = client_for(teacher).post(URL, payload(two_orgs["org_a"]), format="json")

    assert response.status_code == 403


def test_vacancy_updated_and_audited(org_admin_a, vacancy_a):
    response = client_for(org_admin_a).patch(
        f"{URL}{vacancy_a.pk}/", {"hours": "9.5", "notes": "Полставки"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["hours"] == "9.5"
    entry = AuditEntry.objects.get(action="staffing.vacancy.updated")
    assert entry.data == {"fields": ["hours", "notes"]}


def test_vacancy_closed_by_patch_with_hired_person(org_admin_a, vacancy_a, two_orgs):
    person = two_orgs["person_a"]

    response = client_for(org_admin_a).patch(
        f"{URL}{vacancy_a.pk}/",
        {"closed_on": "2025-10-15", "closure": "hired", "hired_person": person.pk},
        format="json",
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["is_open"], data["closure_display"], data["hired_person_name"]) == (
        False,
        "Принят работник",
        person.full_name,
    )
    assert AuditEntry.objects.filter(action="staffing.vacancy.closed").count() == 1


def test_vacancy_close_with_person_outside_scope_rejected(org_admin_a, vacancy_a, two_orgs):
    response = client_for(org_admin_a).patch(
        f"{URL}{vacancy_a.pk}/",
        {"closed_on": "2025-10-15", "closure": "hired", "hired_person": two_orgs["person_b"].pk},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["hired_person"]
    assert Vacancy.objects.get(pk=vacancy_a.pk).is_open


def test_vacancy_close_without_closure_rejected(org_admin_a, vacancy_a):
    response = client_for(org_admin_a).patch(
        f"{URL}{vacancy_a.pk}/", {"closed_on": "2025-10-15"}, format="json"
    )

    assert (response.status_code, response.json()) == (
        400,
        {"closure": ["Укажите, как закрыта вакансия."]},
    )


def test_vacancy_reopened_by_patch(org_admin_a, two_orgs):
    closed = VacancyFactory(
        organization=two_orgs["org_a"],
        closed_on=date(2025, 10, 1),
        closure=Closure.HIRED,
        hired_person=two_orgs["person_a"],
    )

    response = client_for(org_admin_a).patch(
        f"{URL}{closed.pk}/", {"closed_on": None}, format="json"
    )

    assert response.status_code == 200, response.content
    closed.refresh_from_db()
    assert (closed.closed_on, closed.closure, closed.hired_person) == (None, "", None)
    assert AuditEntry.objects.filter(action="staffing.vacancy.reopened").count() == 1


def test_vacancy_closed_again_rejected(org_admin_a, two_orgs):
    closed = VacancyFactory(
        organization=two_orgs["org_a"], closed_on=date(2025, 10, 1), closure=Closure.CANCELLED
    )

    response = client_for(org_admin_a).patch(
        f"{URL}{closed.pk}/", {"closed_on": "2025-11-01", "closure": "hired"}, format="json"
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": ["Вакансия уже закрыта."]},
    )


def test_vacancy_deleted_and_audited(org_admin_a, vacancy_a):
    response = client_for(org_admin_a).delete(f"{URL}{vacancy_a.pk}/")

    assert response.status_code == 204
    assert not Vacancy.objects.exists()
    assert AuditEntry.objects.filter(action="staffing.vacancy.deleted").count() == 1


# The summary and the forecast


def test_vacancy_summary_endpoint(regional_admin, two_orgs):
    VacancyFactory(organization=two_orgs["org_a"], hours=Decimal(18))
    VacancyFactory(organization=two_orgs["org_b"], hours=Decimal("4.5"))

    response = client_for(regional_admin).get(f"{URL}summary/")

    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["count"], data["hours"]) == (2, "22.5")
    assert [(row["subject_name"], row["count"]) for row in data["by_position"]] == [
        ("Математика", 2)
    ]
    assert [(row["organization_name"], row["hours"]) for row in data["by_organization"]] == [
        ("Школа А", "18.0"),
        ("Школа Б", "4.5"),
    ]


def test_vacancy_summary_org_admin_sees_own_only(org_admin_a, vacancy_a, vacancy_b):
    data = client_for(org_admin_a).get(f"{URL}summary/").json()

    assert [row["organization_name"] for row in data["by_organization"]] == ["Школа А"]


def test_vacancy_summary_bad_date_rejected(org_admin_a, vacancy_a):
    response = client_for(org_admin_a).get(f"{URL}summary/", {"day": "31.02.2025"})

    assert response.status_code == 400
    assert list(response.json()) == ["day"]


def test_retirement_forecast_endpoint(org_admin_a, two_orgs):
    year = timezone.localdate().year
    job = factories.EmploymentFactory(
        organization=two_orgs["org_a"], person__birth_date=date(year - 64, 1, 5)
    )
    job.subjects.set([factories.subject("Физика")])

    response = client_for(org_admin_a).get("/api/retirement-forecast/", {"horizon": 2})

    assert response.status_code == 200, response.content
    data = response.json()
    physics = factories.subject("Физика").pk
    assert (data["age"], data["years"]) == (65, [year, year + 1])
    assert data["rows"] == [
        {
            "subject": physics,
            "subject_name": "Физика",
            "cells": [
                {"year": "past", "count": 0},
                {"year": str(year), "count": 0},
                {"year": str(year + 1), "count": 1},
            ],
            "total": 1,
        }
    ]
    assert data["totals"]["total"] == 1


@pytest.mark.parametrize("url", [f"{URL}summary/", "/api/retirement-forecast/"])
def test_staffing_reports_teacher_forbidden(two_orgs, url):
    teacher = factories.teacher_user(two_orgs["person_a"])

    assert client_for(teacher).get(url).status_code == 403


def test_retirement_forecast_municipal_methodist(two_orgs):
    methodist = factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])

    response = client_for(methodist).get("/api/retirement-forecast/")

    assert (response.status_code, response.json()["totals"]["total"]) == (200, 0)
