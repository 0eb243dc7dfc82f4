"""The analytical report (аналитическая справка) as DOCX: read back with python-docx — the same
values, targets and lights as the dashboard, the organizations below target, the
recommendations and decisions of the period, the chart — and converted to PDF by LibreOffice."""

from datetime import date
from decimal import Decimal
from io import BytesIO
from urllib.parse import unquote

import pytest
from docx import Document

from profrost.core import documents
from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.monitoring.indicators import REGISTRY
from profrost.monitoring.models import ManagementDecision, Recommendation, Target
from tests import factories
from tests.documents import converted_to_pdf, needs_libreoffice
from tests.monitoring.test_dashboard import build_district, region_period

D = Decimal


@pytest.fixture
def district(two_orgs):
    return build_district(two_orgs)


@pytest.fixture
def period(district):
    region = district["mun_a"].region
    # 10 of 21 teachers diagnosed = 47,62 % against the region's own 60 %: below 54 → red.
    Target.objects.create(indicator="diagnosed_share", year=2026, region=region, value=D(60))
    period = region_period(region)
    Recommendation.objects.create(
        period=period,
        indicator="diagnosed_share",
        organization=district["low"],
        region=region,
        title="Провести диагностику дефицитов",
        text="Направить педагогов на диагностику.",
        status="answered",
        answer="Диагностика назначена на сентябрь",
    )
    ManagementDecision.objects.create(
        title="Охватить диагностикой все школы",
        measures="Организовать диагностику в каждой школе.",
        level="region",
        region=region,
        responsible_text="Отдел ЦНППМ",
        decided_on=date(2026, 7, 10),
        deadline=date(2026, 10, 1),
        indicators=["diagnosed_share"],
        based_on=period,
    )
    return period


def report_of(client, period, scope="", status=200):
    query = f"?scope={scope}" if scope else ""
    response = client.get(f"/monitoring/periods/{period.pk}/report/{query}")
    assert response.status_code == status
    return response


def rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def all_rows(document):
    return [row for table in document.tables for row in rows(table)]


def row_of(document, first):
    return next(row for row in all_rows(document) if row[0] == first)


def test_report_has_values_targets_lights_below_target_actions_and_chart(
    client, district, period, regional_admin
):
    client.force_login(regional_admin)
    response = report_of(client, period)

    assert response["Content-Type"] == documents.DOCX_CONTENT_TYPE
    assert "Аналитическая справка" in unquote(response["Content-Disposition"])
    document = Document(BytesIO(response.content))
    title = dict(rows(document.tables[0]))
    assert title["Область мониторинга"] == "Регион: Тестовая область"
    assert title["Даты периода"] == "01.01.2026 – 30.06.2026"
    diagnosed = row_of(document, str(REGISTRY["diagnosed_share"].name))
    assert diagnosed[1:5] == ["47,62 %", "10 из 21", "≥ 60 %", "ниже цели"]
    routes = row_of(document, str(REGISTRY["route_share"].name))
    assert routes[1:5] == ["0 %", "0 из 21", "≥ 15 %", "ниже цели"]
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "ниже цели: " in text
    # Organizations below 54 % of diagnosed: the lowest first, «Школа Лучшая» (90 %) is not.
    (below,) = [
        rows(table)[1:]
        for table in document.tables
        if ["Школа Средняя (Город А)", "20 %"] in [row[1:3] for row in rows(table)]
    ]
    assert [row[1] for row in below] == [
        "Школа А (Город А)",
        "Школа Б (Район Б)",
        "Школа Низкая (Город А)",
        "Школа Средняя (Город А)",
    ]
    assert below[-1][2:] == ["20 %", "1 из 5", "≥ 60 %", "ниже цели"]
    recommendation = next(r for r in all_rows(document) if r[1] == "Провести диагностику дефицитов")
    assert recommendation[2:4] == ["Школа Низкая", "Получен ответ"]
    assert recommendation[4].startswith("Диагностика назначена на сентябрь")
    decision = next(r for r in all_rows(document) if r[1] == "Охватить диагностикой все школы")
    assert decision[2:] == [
        "Отдел ЦНППМ",
        "01.10.2026",
        "Запланировано",
        str(REGISTRY["diagnosed_share"].name),
    ]
    assert len(document.inline_shapes) == 1
    entry = AuditEntry.objects.get(action="monitoring.report.exported")
    assert entry.data["scope"] == f"region:{period.region_id}"


def test_report_of_a_school_reads_its_own_values(client, district, period, regional_admin):
    client.force_login(regional_admin)
    document = Document(
        BytesIO(report_of(client, period, f"organization:{district['mid'].pk}").content)
    )
    diagnosed = row_of(document, str(REGISTRY["diagnosed_share"].name))
    assert diagnosed[1:5] == ["20 %", "1 из 5", "≥ 60 %", "ниже цели"]
    assert not any(row[1] == "Провести диагностику дефицитов" for row in all_rows(document))
    assert any(row[1] == "Охватить диагностикой все школы" for row in all_rows(document))


def test_report_outside_reach_is_404(client, district, period, org_admin_a):
    client.force_login(org_admin_a)
    report_of(client, period, f"region:{period.region_id}", status=404)
    report_of(client, period, f"organization:{district['low'].pk}", status=404)
    document = Document(BytesIO(report_of(client, period).content))
    assert dict(rows(document.tables[0]))["Область мониторинга"].endswith("Школа А (Город А)")
    methodist = factories.user_with_role(Role.MUNICIPAL_METHODIST, district["mun_a"])
    client.force_login(methodist)
    report_of(client, period, f"municipality:{district['mun_b'].pk}", status=404)
    report_of(client, period, f"municipality:{district['mun_a'].pk}")


def test_report_teacher_is_refused(client, district, period):
    client.force_login(factories.teacher_user(district["person_a"]))
    report_of(client, period, status=403)


def test_dashboard_links_the_report(client, district, period, regional_admin):
    client.force_login(regional_admin)
    page = client.get(f"/monitoring/?period={period.pk}").content.decode()
    assert f"/monitoring/periods/{period.pk}/report/?scope=region" in page
    assert "Аналитическая справка (DOCX)" in page


@needs_libreoffice
def test_report_opens_in_libreoffice(client, district, period, regional_admin, tmp_path):
    client.force_login(regional_admin)

    pdf = converted_to_pdf(report_of(client, period).content, tmp_path, "report")

    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 20000
