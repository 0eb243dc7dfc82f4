from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.datarequests import selectors, services
from tests import factories

from .world import build_request, fields_of, recipient_of


@pytest.fixture
def answered(world):
    """«Школа А» and «Школа А2» submitted, the kindergarten keeps a draft."""
    data_request = build_request(
        world["methodist_a"],
        [world["org_a"], world["org_a2"], world["kindergarten_a"]],
        municipality=world["mun_a"],
    )
    fields = fields_of(data_request)
    need = fields["Педагогов, нуждающихся в курсах"].pk
    hours = fields["Часов обучения на педагога"].pk
    mentoring = fields["Есть программа наставничества"].pk
    plan = fields["Дата утверждения плана"].pk
    form = fields["Форма обучения"].pk
    services.submit_answers(
        recipient_of(data_request, world["org_a"]),
        {need: "12", hours: "2,5", mentoring: "yes", plan: "01.09.2026", form: "Очно"},
        by=world["admin_a"],
    )
    services.submit_answers(
        recipient_of(data_request, world["org_a2"]),
        {need: "5", mentoring: "no"},
        by=world["admin_a2"],
    )
    kindergarten_admin = factories.user_with_role(Role.ORGANIZATION_ADMIN, world["kindergarten_a"])
    services.save_answers(
        recipient_of(data_request, world["kindergarten_a"]),
        {need: "100", hours: "7", mentoring: "yes"},
        by=kindergarten_admin,
    )
    return data_request


def columns_by_label(summary):
    return {column.field.label: column for column in summary.columns}


def test_summary_submitted_only_totals_and_means_hand_computed(answered, world):
    summary = selectors.summary(answered, world["methodist_a"])

    columns = columns_by_label(summary)
    need = columns["Педагогов, нуждающихся в курсах"]
    hours = columns["Часов обучения на педагога"]
    mentoring = columns["Есть программа наставничества"]
    assert summary.counted == 2
    assert (need.total, need.mean, need.answered) == (17, Decimal("8.50"), 2)
    assert (hours.total, hours.mean, hours.answered) == (Decimal("2.5"), Decimal("2.50"), 1)
    assert (mentoring.yes, mentoring.answered, mentoring.total) == (1, 2, None)


def test_summary_rows_are_organizations_with_typed_cells(answered, world):
    summary = selectors.summary(answered, world["methodist_a"])

    rows = {row.recipient.organization.short_name: row for row in summary.rows}
    assert list(rows) == ["Детский сад А", "Школа А", "Школа А2"]
    assert rows["Школа А"].cells == [
        12,
        Decimal("2.5"),
        True,
        date(2026, 9, 1),
        "Очно",
        None,
    ]
    assert rows["Детский сад А"].counted is False
    assert rows["Детский сад А"].cells == [None] * 6


def test_summary_with_drafts_counts_the_draft(answered, world):
    summary = selectors.summary(answered, world["methodist_a"], include_drafts=True)

    columns = columns_by_label(summary)
    need = columns["Педагогов, нуждающихся в курсах"]
    hours = columns["Часов обучения на педагога"]
    assert summary.counted == 3
    assert (need.total, need.mean) == (117, Decimal("39.00"))
    assert (hours.total, hours.mean) == (Decimal("9.5"), Decimal("4.75"))
    assert columns["Есть программа наставничества"].yes == 2


def test_summary_outsider_methodist_sees_no_rows(answered, world):
    summary = selectors.summary(answered, world["methodist_b"])

    assert (summary.rows, summary.counted) == ([], 0)


def test_summary_page_shows_totals(client, answered, world):
    client.force_login(world["methodist_a"])

    response = client.get(f"/requests/{answered.pk}/summary/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Итого" in content
    assert "8,5" in content
    assert "1 из 2" in content


def test_summary_xlsx_numbers_stay_numbers(client, answered, world):
    client.force_login(world["methodist_a"])

    response = client.get(f"/requests/{answered.pk}/summary/", {"export": "xlsx"})

    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "Организация",
        "Муниципалитет",
        "Состояние ответа",
        "Отправлен",
        "Педагогов, нуждающихся в курсах",
        "Часов обучения на педагога",
    )
    by_name = {row[0]: row for row in rows[1:]}
    school = by_name["Школа А"]
    assert school[4:9] == (12, 2.5, "да", school[7], "Очно")
    assert school[7].date() == date(2026, 9, 1)
    assert isinstance(school[4], int)
    assert by_name["Детский сад А"][4:] == (None,) * 6
    assert by_name["Итого"][4:6] == (17, 2.5)
    assert by_name["Среднее"][4:6] == (8.5, 2.5)
    assert by_name["Ответов «да»"][6] == 1
    assert AuditEntry.objects.filter(action="datarequests.request.summary_exported").count() == 1


def test_summary_page_outsider_not_found(client, answered, world):
    client.force_login(world["methodist_b"])

    assert client.get(f"/requests/{answered.pk}/summary/").status_code == 404
    assert client.get(f"/requests/{answered.pk}/summary/?export=xlsx").status_code == 404
