from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from profrost.core.models import AuditEntry
from profrost.staffing.models import Closure, Vacancy
from tests import factories
from tests.staffing.factories import VacancyFactory

LIST = "/staffing/"


def detail(vacancy, action=""):
    return f"/staffing/{vacancy.pk}/{action + '/' if action else ''}"


def listed(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return list(response.context["object_list"])


def form_data(org, **overrides):
    data = {
        "organization": org.pk,
        "position": factories.position().pk,
        "subject": factories.subject("Физика").pk,
        "hours": "18",
        "opened_on": "01.09.2025",
        "contact": "Иванова И. И., +7 900 000-00-00",
        "notes": "",
    }
    return {**data, **overrides}


# Who sees what: the owner, a teacher of the same organization, an outsider


def test_vacancy_list_owner_sees_own_vacancies_only(client, org_admin_a, vacancy_a, vacancy_b):
    client.force_login(org_admin_a)

    assert listed(client) == [vacancy_a]


def test_vacancy_list_regional_admin_sees_both(client, regional_admin, vacancy_a, vacancy_b):
    client.force_login(regional_admin)

    assert set(listed(client)) == {vacancy_a, vacancy_b}


@pytest.mark.parametrize(
    "path",
    [
        LIST,
        "/staffing/new/",
        "/staffing/summary/",
        "/staffing/retirement/",
        "/staffing/retirement/people/",
    ],
)
def test_staffing_pages_teacher_forbidden(client, teacher_a, vacancy_a, path):
    client.force_login(teacher_a)

    assert client.get(path).status_code == 403


@pytest.mark.parametrize("action", ["", "edit", "close", "reopen", "delete"])
def test_vacancy_pages_teacher_of_the_organization_forbidden(client, teacher_a, vacancy_a, action):
    client.force_login(teacher_a)

    assert client.get(detail(vacancy_a, action)).status_code == 403
    assert client.post(detail(vacancy_a, action)).status_code == 403
    assert Vacancy.objects.filter(pk=vacancy_a.pk, closed_on=None).exists()


@pytest.mark.parametrize(
    ("action", "post_status"),
    # The detail page takes no POST at all, whatever the vacancy.
    [("", 405), ("edit", 404), ("close", 404), ("reopen", 404), ("delete", 404)],
)
def test_vacancy_pages_outsider_not_found(client, org_admin_b, vacancy_a, action, post_status):
    client.force_login(org_admin_b)

    assert client.get(detail(vacancy_a, action)).status_code == 404
    assert client.post(detail(vacancy_a, action)).status_code == post_status
    assert Vacancy.objects.filter(pk=vacancy_a.pk, closed_on=None).exists()


def test_vacancy_detail_owner_may_change(client, org_admin_a, vacancy_a):
    client.force_login(org_admin_a)

    response = client.get(detail(vacancy_a))

    assert response.status_code == 200
    assert response.context["can_change"] is True
    content = response.content.decode()
    assert "18 часов в неделю" in content
    assert detail(vacancy_a, "close") in content


def test_vacancy_detail_municipal_methodist_may_change(client, methodist_a, vacancy_a):
    client.force_login(methodist_a)

    assert client.get(detail(vacancy_a)).context["can_change"] is True


# Create and edit


def test_vacancy_create_by_owner(client, org_admin_a, two_orgs):
    client.force_login(org_admin_a)

    response = client.post("/staffing/new/", form_data(two_orgs["org_a"]))

    vacancy = Vacancy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(vacancy)
    assert (vacancy.organization, vacancy.subject.name, vacancy.hours, vacancy.opened_on) == (
        two_orgs["org_a"],
        "Физика",
        Decimal(18),
        date(2025, 9, 1),
    )
    assert AuditEntry.objects.filter(action="staffing.vacancy.created", actor=org_admin_a).exists()


def test_vacancy_create_form_offers_own_organizations_only(client, org_admin_a, two_orgs):
    client.force_login(org_admin_a)

    form = client.get("/staffing/new/").context["form"]

    assert list(form.fields["organization"].queryset) == [two_orgs["org_a"]]


def test_vacancy_create_in_other_organization_rejected(client, org_admin_a, two_orgs):
    client.force_login(org_admin_a)

    response = client.post("/staffing/new/", form_data(two_orgs["org_b"]))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["organization"]
    assert Vacancy.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"hours": "0"}, {"hours": ["Нагрузка должна быть больше нуля."]}),
        ({"hours": "41"}, {"hours": ["Нагрузка не может быть больше 40 часов в неделю."]}),
        ({"opened_on": "2025-13-01"}, {"opened_on": ["Введите дату в формате дд.мм.гггг."]}),
        ({"position": ""}, {"position": ["Обязательное поле."]}),
    ],
)
def test_vacancy_create_invalid_shows_russian_errors(
    client, org_admin_a, two_orgs, overrides, errors
):
    client.force_login(org_admin_a)

    response = client.post("/staffing/new/", form_data(two_orgs["org_a"], **overrides))

    assert response.context["form"].errors == errors
    assert Vacancy.objects.count() == 0


def test_vacancy_edit_by_owner_audits_fields(client, org_admin_a, vacancy_a, two_orgs):
    client.force_login(org_admin_a)
    data = form_data(two_orgs["org_a"], subject=vacancy_a.subject_id, hours="9")

    response = client.post(detail(vacancy_a, "edit"), data)

    assert response.status_code == 302
    vacancy_a.refresh_from_db()
    assert vacancy_a.hours == Decimal(9)
    entry = AuditEntry.objects.get(action="staffing.vacancy.updated")
    assert entry.data == {"fields": ["contact", "hours"]}


# Close, reopen, delete


def test_vacancy_close_hired_by_owner(client, org_admin_a, vacancy_a, two_orgs):
    client.force_login(org_admin_a)
    form = client.get(detail(vacancy_a, "close")).context["form"]
    assert list(form.fields["hired_person"].queryset) == [two_orgs["person_a"]]

    response = client.post(
        detail(vacancy_a, "close"),
        {"closed_on": "15.10.2025", "closure": "hired", "hired_person": two_orgs["person_a"].pk},
    )

    assert response.status_code == 302
    vacancy_a.refresh_from_db()
    assert (vacancy_a.closed_on, vacancy_a.hired_person) == (
        date(2025, 10, 15),
        two_orgs["person_a"],
    )


def test_vacancy_close_before_opening_shows_error(client, org_admin_a, vacancy_a):
    client.force_login(org_admin_a)

    response = client.post(
        detail(vacancy_a, "close"), {"closed_on": "01.08.2025", "closure": "cancelled"}
    )

    assert response.context["form"].errors == {"closed_on": ["Дата закрытия раньше даты открытия."]}
    assert Vacancy.objects.get(pk=vacancy_a.pk).is_open


def test_vacancy_close_person_of_other_organization_rejected(
    client, org_admin_a, vacancy_a, two_orgs
):
    client.force_login(org_admin_a)

    response = client.post(
        detail(vacancy_a, "close"),
        {"closed_on": "15.10.2025", "closure": "hired", "hired_person": two_orgs["person_b"].pk},
    )

    assert list(response.context["form"].errors) == ["hired_person"]
    assert Vacancy.objects.get(pk=vacancy_a.pk).is_open


def test_vacancy_close_page_of_closed_vacancy_redirects(client, org_admin_a, two_orgs):
    closed = VacancyFactory(
        organization=two_orgs["org_a"], closed_on=date(2025, 10, 1), closure=Closure.CANCELLED
    )
    client.force_login(org_admin_a)

    response = client.get(detail(closed, "close"))

    assert (response.status_code, response["Location"]) == (302, detail(closed))


def test_vacancy_reopen_by_owner(client, org_admin_a, two_orgs):
    closed = VacancyFactory(
        organization=two_orgs["org_a"], closed_on=date(2025, 10, 1), closure=Closure.CANCELLED
    )
    client.force_login(org_admin_a)

    assert client.get(detail(closed, "reopen")).status_code == 200
    response = client.post(detail(closed, "reopen"))

    assert response.status_code == 302
    closed.refresh_from_db()
    assert (closed.closed_on, closed.closure) == (None, "")


def test_vacancy_delete_by_owner(client, org_admin_a, vacancy_a):
    client.force_login(org_admin_a)

    response = client.post(detail(vacancy_a, "delete"))

    assert (response.status_code, response["Location"]) == (302, LIST)
    assert not Vacancy.objects.filter(pk=vacancy_a.pk).exists()
    assert AuditEntry.objects.filter(action="staffing.vacancy.deleted").count() == 1


# Filters, search, export


@pytest.fixture
def mixed(two_orgs):
    org = two_orgs["org_a"]
    return {
        "math": VacancyFactory(organization=org, opened_on=date(2025, 3, 1)),
        "psychologist": VacancyFactory(
            organization=org, position=factories.position("Педагог-психолог"), subject=None
        ),
        "closed": VacancyFactory(
            organization=org,
            subject=factories.subject("Физика"),
            opened_on=date(2025, 1, 10),
            closed_on=date(2025, 6, 1),
            closure=Closure.HIRED,
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"is_open": "true"}, {"math", "psychologist"}),
        ({"is_open": "false"}, {"closed"}),
        ({"subject": "null"}, {"psychologist"}),
        ({"closure": "hired"}, {"closed"}),
        ({"opened_from": "01.02.2025", "opened_to": "31.03.2025"}, {"math"}),
        ({"open_on": "01.04.2025"}, {"math", "closed"}),
        ({"q": "психолог"}, {"psychologist"}),
    ],
)
def test_vacancy_list_filters(client, org_admin_a, mixed, params, expected):
    client.force_login(org_admin_a)

    assert set(listed(client, **params)) == {mixed[name] for name in expected}


def test_vacancy_list_filter_by_subject_and_position(client, regional_admin, mixed, vacancy_b):
    client.force_login(regional_admin)
    physics = factories.subject("Физика")

    assert listed(client, subject=physics.pk) == [mixed["closed"]]
    position = factories.position("Педагог-психолог")
    assert listed(client, position=position.pk) == [mixed["psychologist"]]


def test_vacancy_list_filter_municipality(client, regional_admin, vacancy_a, vacancy_b, two_orgs):
    client.force_login(regional_admin)

    assert listed(client, municipality=two_orgs["mun_b"].pk) == [vacancy_b]


def test_vacancy_list_htmx_returns_table_only(client, org_admin_a, vacancy_a):
    client.force_login(org_admin_a)

    response = client.get(LIST, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="list-table")

    assert [t.name for t in response.templates][0] == "core/_list_table.html"


def test_vacancy_list_export_xlsx(client, org_admin_a, mixed, vacancy_b):
    client.force_login(org_admin_a)

    response = client.get(LIST, {"export": "xlsx", "is_open": "false"})

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Должность", "Предмет", "Часов в неделю", "Организация")
    assert rows[1][:9] == (
        "Учитель",
        "Физика",
        18,
        "Школа А",
        "Город А",
        datetime(2025, 1, 10),
        datetime(2025, 6, 1),
        "Принят работник",
        None,
    )
    assert len(rows) == 2
    assert AuditEntry.objects.filter(action="staffing.vacancy.exported").count() == 1


def test_vacancy_list_queries_do_not_grow_with_rows(client, org_admin_a, two_orgs):
    client.force_login(org_admin_a)
    VacancyFactory(organization=two_orgs["org_a"])
    with CaptureQueriesContext(connection) as one:
        assert len(listed(client)) == 1

    for _ in range(4):
        VacancyFactory(
            organization=two_orgs["org_a"],
            closed_on=date(2025, 10, 1),
            closure=Closure.HIRED,
            hired_person=two_orgs["person_a"],
        )
    with CaptureQueriesContext(connection) as five:
        assert len(listed(client)) == 5

    assert len(five) == len(one)
