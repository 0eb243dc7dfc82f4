from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from profrost.staffing.models import Closure
from tests import factories
from tests.staffing.factories import VacancyFactory

SUMMARY = "/staffing/summary/"


@pytest.fixture
def needs(two_orgs):
    """School A: two maths teachers (18 h and 9 h), a psychologist, one closed and one future
    vacancy; school B: one maths teacher."""
    org_a, org_b = two_orgs["org_a"], two_orgs["org_b"]
    today = timezone.localdate()
    VacancyFactory(organization=org_a, hours=Decimal(18))
    VacancyFactory(organization=org_a, hours=Decimal("9"))
    VacancyFactory(
        organization=org_a,
        position=factories.position("Педагог-психолог"),
        subject=None,
        hours=Decimal(36),
    )
    VacancyFactory(organization=org_a, closed_on=date(2025, 10, 1), closure=Closure.CANCELLED)
    VacancyFactory(organization=org_a, opened_on=today + timedelta(days=10))
    VacancyFactory(organization=org_b, hours=Decimal(18))
    return two_orgs


def rows(summary, name):
    return [
        (row.label, row.detail, row.count, row.hours, row.is_subtotal)
        for row in getattr(summary, name)
    ]


def test_summary_counts_open_vacancies_by_position_and_subject(client, org_admin_a, needs):
    client.force_login(org_admin_a)

    summary = client.get(SUMMARY).context["summary"]

    assert rows(summary, "by_position") == [
        ("Учитель", "всего", 2, Decimal(27), True),
        ("Учитель", "Математика", 2, Decimal(27), False),
        ("Педагог-психолог", "всего", 1, Decimal(36), True),
        ("Педагог-психолог", "Без предмета", 1, Decimal(36), False),
    ]
    assert rows(summary, "by_organization") == [("Школа А", "Город А", 3, Decimal(63), False)]
    assert (summary.total.count, summary.total.hours) == (3, Decimal(63))


def test_summary_regional_admin_by_organization(client, regional_admin, needs):
    client.force_login(regional_admin)

    summary = client.get(SUMMARY).context["summary"]

    assert [(row.label, row.count) for row in summary.by_organization] == [
        ("Школа А", 3),
        ("Школа Б", 1),
    ]
    assert summary.total.count == 4


def test_summary_filtered_by_municipality(client, regional_admin, needs):
    client.force_login(regional_admin)

    summary = client.get(SUMMARY, {"municipality": needs["mun_b"].pk}).context["summary"]

    assert (summary.total.count, [row.label for row in summary.by_organization]) == (
        1,
        ["Школа Б"],
    )


def test_summary_on_a_past_date(client, org_admin_a, needs):
    client.force_login(org_admin_a)

    summary = client.get(SUMMARY, {"day": "15.09.2025"}).context["summary"]

    # On 15.09.2025 the closed vacancy (opened 01.09.2025, closed 01.10.2025) was open too.
    assert summary.total.count == 4


def test_summary_every_number_links_to_the_same_vacancies(client, regional_admin, needs):
    client.force_login(regional_admin)
    summary = client.get(SUMMARY).context["summary"]

    for row in [summary.total, *summary.by_position, *summary.by_organization]:
        listed = client.get(row.url).context["paginator"].count
        assert listed == row.count, row.url


def test_summary_teacher_forbidden(client, teacher_a, needs):
    client.force_login(teacher_a)

    assert client.get(SUMMARY).status_code == 403


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "positions",
            [
                ("Должность", "Предмет", "Открытых вакансий", "Нагрузка, часов в неделю"),
                ("Учитель", "Математика", 2, 27),
                ("Педагог-психолог", "Без предмета", 1, 36),
                ("Итого", None, 3, 63),
            ],
        ),
        (
            "organizations",
            [
                ("Организация", "Муниципалитет", "Открытых вакансий", "Нагрузка, часов в неделю"),
                ("Школа А", "Город А", 3, 63),
                ("Итого", None, 3, 63),
            ],
        ),
    ],
)
def test_summary_export_xlsx(client, org_admin_a, needs, table, expected):
    client.force_login(org_admin_a)

    response = client.get(SUMMARY, {"export": "xlsx", "table": table})

    sheet = load_workbook(BytesIO(response.content)).active
    assert list(sheet.iter_rows(values_only=True)) == expected


def test_summary_queries_do_not_grow_with_rows(client, regional_admin, two_orgs):
    client.force_login(regional_admin)
    VacancyFactory(organization=two_orgs["org_a"])
    with CaptureQueriesContext(connection) as one:
        assert client.get(SUMMARY).context["summary"].total.count == 1

    for name in ("Физика", "Химия", "Информатика"):
        VacancyFactory(organization=two_orgs["org_b"], subject=factories.subject(name))
        VacancyFactory(
            organization=factories.OrganizationFactory(municipality=two_orgs["mun_a"]),
            position=factories.position("Воспитатель"),
            subject=None,
        )
    with CaptureQueriesContext(connection) as seven:
        assert client.get(SUMMARY).context["summary"].total.count == 7

    assert len(seven) == len(one)
