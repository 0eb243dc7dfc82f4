from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.monitoring import selectors, services
from tests import factories
from tests.monitoring.test_dashboard import (
    build_district,
    diagnose,
    municipal_period,
    region_period,
    school,
    xlsx_rows,
)

D = Decimal


@pytest.fixture
def district(two_orgs):
    return build_district(two_orgs)


def row_of(rows, code="diagnosed_share"):
    return next(row for row in rows if row.indicator.code == code)


def two_periods(district):
    region = district["mun_a"].region
    first = region_period(region, "2025, второе полугодие", (2025, 7, 1), (2025, 12, 31))
    second = region_period(region)
    return first, second


# Two periods -----------------------------------------------------------------------------------


def test_compare_periods_change_in_points(client, district, regional_admin):
    diagnose(district["top_people"][0], date(2025, 10, 1))  # 1 of 21 in the first period
    first, second = two_periods(district)
    client.force_login(regional_admin)
    response = client.get(f"/monitoring/compare/?mode=periods&first={first.pk}&second={second.pk}")
    row = row_of(response.context["rows"])
    # 1/21 = 4.76 % → 10/21 = 47.62 %: +42.86 points, better; 4.76 < 18 → red, 47.62 → green.
    assert (row.first.value, row.second.value, row.change) == (D("4.76"), D("47.62"), D("42.86"))
    assert (row.first.light, row.second.light, row.trend) == ("red", "green", "better")
    assert "+42,86 п. п." in response.content.decode()


def test_compare_periods_defaults_to_the_previous_period(client, district, regional_admin):
    first, second = two_periods(district)
    client.force_login(regional_admin)
    response = client.get("/monitoring/compare/")
    assert (response.context["first"], response.context["second"]) == (first, second)
    assert response.context["scope"].key == f"region:{first.region_id}"


def test_compare_periods_one_period_asks_for_another(client, district, regional_admin):
    region_period(district["mun_a"].region)
    client.force_login(regional_admin)
    response = client.get("/monitoring/compare/")
    assert "Для сравнения нужен второй рассчитанный период." in response.content.decode()


def test_compare_periods_xlsx_has_numbers_as_numbers(client, district, regional_admin):
    first, second = two_periods(district)
    client.force_login(regional_admin)
    response = client.get(
        f"/monitoring/compare/?mode=periods&first={first.pk}&second={second.pk}&export=xlsx"
    )
    rows = xlsx_rows(response)
    assert rows[0][3:] == [
        "2025, второе полугодие: значение",
        "2025, второе полугодие: цель",
        "2026, первое полугодие: значение",
        "2026, первое полугодие: цель",
        "Изменение",
        "Оценка во втором периоде",
    ]
    row = next(r for r in rows if r[0] == "diagnosed_share")
    assert row[3:] == [0, 20, 47.62, 20, 47.62, "цель достигнута"]
    assert AuditEntry.objects.filter(action="monitoring.comparison.exported").count() == 1


def test_compare_periods_outsider_period_is_404(client, district, org_admin_a):
    other = municipal_period(district["mun_b"])
    client.force_login(org_admin_a)
    assert client.get(f"/monitoring/compare/?second={other.pk}").status_code == 404


# Scopes side by side ---------------------------------------------------------------------------


def test_compare_scopes_region_and_its_municipalities_by_default(client, district, regional_admin):
    region = district["mun_a"].region
    period = region_period(region)
    client.force_login(regional_admin)
    response = client.get("/monitoring/compare/?mode=scopes")
    assert [scope.name for scope in response.context["chosen"]] == [
        region.name,
        "Город А",
        "Район Б",
    ]
    row = row_of(response.context["rows"])
    assert [cell.value for cell in row.cells] == [D("47.62"), D("50.00"), D(0)]
    assert [cell.light for cell in row.cells] == ["green", "green", "red"]
    assert response.context["period"] == period


def test_compare_scopes_chosen_schools(client, district, regional_admin):
    period = region_period(district["mun_a"].region)
    top, low = district["top"], district["low"]
    client.force_login(regional_admin)
    response = client.get(
        f"/monitoring/compare/?mode=scopes&period={period.pk}"
        f"&scopes=organization:{top.pk}&scopes=organization:{low.pk}"
    )
    assert [scope.name for scope in response.context["chosen"]] == ["Школа Лучшая", "Школа Низкая"]
    assert [cell.value for cell in row_of(response.context["rows"]).cells] == [D(90), D(0)]


def test_compare_scopes_municipal_methodist_cannot_add_other_scopes(client, district):
    period = region_period(district["mun_a"].region)
    methodist = factories.user_with_role(Role.MUNICIPAL_METHODIST, district["mun_a"])
    client.force_login(methodist)
    response = client.get(
        f"/monitoring/compare/?mode=scopes&period={period.pk}"
        f"&scopes=municipality:{district['mun_b'].pk}&scopes=region:{period.region_id}"
    )
    chosen = [scope.name for scope in response.context["chosen"]]
    assert chosen == ["Город А", "Школа А", "Школа Лучшая", "Школа Низкая", "Школа Средняя"]
    page = response.content.decode()
    assert "Район Б" not in page
    assert "Школа Б" not in page


def test_compare_scopes_xlsx_has_numbers_as_numbers(client, district, regional_admin):
    region = district["mun_a"].region
    region_period(region)
    client.force_login(regional_admin)
    rows = xlsx_rows(client.get("/monitoring/compare/?mode=scopes&export=xlsx"))
    assert rows[0][3:7] == [
        f"{region.name}: значение",
        f"{region.name}: цель",
        "Город А: значение",
        "Город А: цель",
    ]
    row = next(r for r in rows if r[0] == "diagnosed_share")
    assert row[3:9] == [47.62, 20, 50, 20, 0, 20]


def test_compare_scopes_query_count_does_not_grow(client, region, regional_admin):
    municipality = factories.MunicipalityFactory(region=region, name="Округ")
    for number in range(3):
        school(municipality, f"Школа {number}", 2, 1)
    period = region_period(region)
    client.force_login(regional_admin)
    url = f"/monitoring/compare/?mode=scopes&period={period.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for number in range(4):
        other = factories.MunicipalityFactory(region=region, name=f"Округ {number}")
        school(other, f"Школа {number}", 3, 2)
    services.compute_period(period, by=None)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(response.context["chosen"]) == 6
    assert len(response.context["rows"]) == len(selectors.indicators("region", "municipality"))
    assert len(large.captured_queries) == len(small.captured_queries)
