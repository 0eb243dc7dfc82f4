from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.diagnostics import services as diagnostics
from profrost.diagnostics.models import ResultSource
from profrost.monitoring import selectors, services
from profrost.monitoring.indicators import REGISTRY, Indicator, Measure
from profrost.monitoring.indicators.base import LOWER, NEUTRAL, SHARE
from profrost.monitoring.models import MonitoringPeriod, Target
from profrost.monitoring.views import analysis
from tests import factories

D = Decimal
DIAGNOSED = REGISTRY["diagnosed_share"]


# Building data ---------------------------------------------------------------------------------


def diagnose(person, day=date(2026, 3, 1)):
    competence = factories.CompetenceFactory(code="M.1")
    diagnostics.record_result(
        person=person,
        competence_id=competence.pk,
        measured_on=day,
        score=D(1),
        max_score=D(2),
        level="partial",
        source=ResultSource.IMPORT,
        source_title="Федеральная диагностика",
    )


def school(municipality, name, teachers, diagnosed):
    """An organization with `teachers` teachers, the first `diagnosed` of them diagnosed."""
    organization = factories.OrganizationFactory(municipality=municipality, short_name=name)
    people = []
    for number in range(teachers):
        person = factories.EmploymentFactory(
            organization=organization, person__last_name=f"{name}-{number:02d}"
        ).person
        if number < diagnosed:
            diagnose(person)
        people.append(person)
    return organization, people


def region_period(region, title="2026, первое полугодие", starts=(2026, 1, 1), ends=(2026, 6, 30)):
    period = MonitoringPeriod.objects.create(
        title=title, level="region", region=region, starts_on=date(*starts), ends_on=date(*ends)
    )
    return services.compute_period(period, by=None)


def municipal_period(municipality, title="Полугодие района"):
    period = MonitoringPeriod.objects.create(
        title=title,
        level="municipality",
        region=municipality.region,
        municipality=municipality,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
    )
    return services.compute_period(period, by=None)


def diagnosed_row(board):
    return next(row for row in board.rows if row.indicator.code == "diagnosed_share")


def xlsx_rows(response):
    sheet = load_workbook(BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def build_district(two_orgs):
    """«Город А» of two_orgs with three more schools: 1 of 5, 9 of 10 and 0 of 4 diagnosed
    (20 %, 90 %, 0 %); «Школа А» of two_orgs has one teacher, not diagnosed."""
    mun_a = two_orgs["mun_a"]
    low, _low_people = school(mun_a, "Школа Низкая", 4, 0)
    mid, mid_people = school(mun_a, "Школа Средняя", 5, 1)
    top, top_people = school(mun_a, "Школа Лучшая", 10, 9)
    return {
        **two_orgs,
        "low": low,
        "mid": mid,
        "top": top,
        "mid_people": mid_people,
        "top_people": top_people,
    }


@pytest.fixture
def district(two_orgs):
    return build_district(two_orgs)


# Traffic lights --------------------------------------------------------------------------------


def test_light_higher_is_better_hand_computed():
    assert selectors.light(DIAGNOSED, D(20), D(20)) == selectors.GREEN
    assert selectors.light(DIAGNOSED, D(25), D(20)) == selectors.GREEN
    assert selectors.light(DIAGNOSED, D(18), D(20)) == selectors.YELLOW  # 20 − 10 % = 18
    assert selectors.light(DIAGNOSED, D("17.99"), D(20)) == selectors.RED
    assert selectors.light(DIAGNOSED, None, D(20)) == selectors.GREY
    assert selectors.light(DIAGNOSED, D(5), None) == selectors.GREY


def test_light_lower_is_better_hand_computed():
    load = Indicator(
        code="test_load",
        name="Нагрузка",
        seed="",
        unit="чел.",
        kind=SHARE,
        numerator=Measure(lambda period: None),
        direction=LOWER,
    )
    assert selectors.light(load, D(250), D(250)) == selectors.GREEN
    assert selectors.light(load, D(275), D(250)) == selectors.YELLOW  # 250 + 10 % = 275
    assert selectors.light(load, D("275.01"), D(250)) == selectors.RED


def test_light_neutral_indicator_is_grey():
    vacancies = REGISTRY["staffing_needs"]
    assert vacancies.direction == NEUTRAL
    assert selectors.light(vacancies, D(3), D(1)) == selectors.GREY


# The dashboard ---------------------------------------------------------------------------------


def test_dashboard_region_values_targets_and_lights(client, district, regional_admin, region):
    period = region_period(region)
    client.force_login(regional_admin)
    response = client.get("/monitoring/")
    board = response.context["board"]
    row = diagnosed_row(board)
    # Region: 10 of 21 teachers (1 + 1 + 4 + 5 + 10) diagnosed → 47.62 % against 20 %.
    assert (board.period, board.scope.key) == (period, f"region:{region.pk}")
    assert (row.cell.numerator, row.cell.denominator, row.cell.value) == (D(10), D(21), D("47.62"))
    assert (row.cell.target.value, row.cell.target.source) == (D(20), "default")
    assert row.cell.light == selectors.GREEN
    assert row.ranking_url.startswith(f"/monitoring/periods/{period.pk}/ranking/")
    page = response.content.decode()
    assert "10</a> из <a" in page
    assert "47,62 %" in page
    # Indicators read by name: the code only in a tooltip, never as text (issue 19).
    assert ">diagnosed_share" not in page
    assert "diagnosed_share ·" not in page
    assert 'title="Код показателя: diagnosed_share"' in page


def test_dashboard_scope_of_a_school_is_red_below_the_target(client, district, regional_admin):
    period = region_period(district["mun_a"].region)
    Target.objects.create(
        indicator="diagnosed_share",
        year=2026,
        region=district["mun_a"].region,
        municipality=district["mun_a"],
        value=D(25),
    )
    client.force_login(regional_admin)
    mid = district["mid"]
    response = client.get(f"/monitoring/?period={period.pk}&scope=organization:{mid.pk}")
    row = diagnosed_row(response.context["board"])
    # 1 of 5 = 20 %; the municipality's own 25 % holds for its school: 20 < 22.5 → red.
    assert (row.cell.value, row.cell.target.value) == (D(20), D(25))
    assert row.cell.target.source == "municipality"
    assert row.cell.light == selectors.RED
    assert row.ranking_url == ""


def test_dashboard_trend_lists_previous_periods_of_the_series(client, district, regional_admin):
    region = district["mun_a"].region
    first = region_period(region, "2025, второе полугодие", (2025, 7, 1), (2025, 12, 31))
    second = region_period(region)
    client.force_login(regional_admin)
    board = client.get(f"/monitoring/?period={second.pk}").context["board"]
    assert board.trend_periods == [first, second]
    # Diagnoses of March 2026 fall only in the second period.
    assert diagnosed_row(board).trend == [D(0), D("47.62")]
    assert board.chart()["series"]["diagnosed_share"]["values"] == [0.0, 47.62]


def test_dashboard_organization_admin_sees_only_own_organization(client, district, org_admin_a):
    period = region_period(district["mun_a"].region)
    client.force_login(org_admin_a)
    response = client.get(f"/monitoring/?period={period.pk}&scope=region:{period.region_id}")
    board = response.context["board"]
    assert [scope.key for scope in response.context["scopes"]] == [
        f"organization:{district['org_a'].pk}"
    ]
    assert board.scope.key == f"organization:{district['org_a'].pk}"
    page = response.content.decode()
    assert "Школа Б" not in page
    assert "Школа Лучшая" not in page


def test_dashboard_period_outside_reach_is_404(client, district, org_admin_a):
    period = municipal_period(district["mun_b"])
    client.force_login(org_admin_a)
    assert client.get(f"/monitoring/?period={period.pk}").status_code == 404


def test_dashboard_teacher_is_refused(client, district):
    teacher = factories.teacher_user(district["person_a"])
    client.force_login(teacher)
    assert client.get("/monitoring/").status_code == 403


def test_dashboard_without_computed_periods_says_so(client, two_orgs, regional_admin):
    client.force_login(regional_admin)
    response = client.get("/monitoring/")
    assert response.status_code == 200
    assert "Рассчитанных периодов мониторинга пока нет" in response.content.decode()


def test_dashboard_query_count_does_not_grow_with_organizations(client, region, regional_admin):
    municipality = factories.MunicipalityFactory(region=region, name="Округ")
    for number in range(3):
        school(municipality, f"Школа {number}", 2, 1)
    period = region_period(region)
    client.force_login(regional_admin)
    url = f"/monitoring/?period={period.pk}"
    client.get(url)  # warms the session and caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    other = factories.MunicipalityFactory(region=region, name="Другой округ")
    for number in range(3, 12):
        school(other if number % 2 else municipality, f"Школа {number}", 3, 2)
    services.compute_period(period, by=None)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_dashboard_xlsx_has_numbers_as_numbers(client, district, regional_admin):
    period = region_period(district["mun_a"].region)
    client.force_login(regional_admin)
    response = client.get(f"/monitoring/?period={period.pk}&export=xlsx")
    rows = xlsx_rows(response)
    assert rows[0][:10] == [
        "Группа",
        "Код",
        "Показатель",
        "Единица",
        "Числитель",
        "Знаменатель",
        "Значение",
        "Целевое значение",
        "Источник цели",
        "Оценка",
    ]
    row = next(row for row in rows if row[1] == "diagnosed_share")
    assert row[4:8] == [10, 21, 47.62, 20]
    assert row[9] == "цель достигнута"
    assert AuditEntry.objects.filter(action="monitoring.dashboard.exported").count() == 1


# The ranking -----------------------------------------------------------------------------------


def ranking_url(period, scope, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return (
        f"/monitoring/periods/{period.pk}/ranking/?indicator=diagnosed_share&scope={scope}&{query}"
    )


def test_ranking_orders_organizations_by_value(client, district, regional_admin):
    period = region_period(district["mun_a"].region)
    client.force_login(regional_admin)
    response = client.get(ranking_url(period, f"municipality:{district['mun_a'].pk}"))
    rows = response.context["rows"]
    assert [(row.rank, row.scope.name, row.cell.value, row.cell.light) for row in rows] == [
        (1, "Школа Лучшая", D(90), selectors.GREEN),
        (2, "Школа Средняя", D(20), selectors.GREEN),
        (3, "Школа А", D(0), selectors.RED),
        (3, "Школа Низкая", D(0), selectors.RED),
    ]
    assert response.context["below_count"] == 2
    assert response.content.decode().count('class="table-danger"') == 2


def test_ranking_only_below_target(client, district, regional_admin):
    period = region_period(district["mun_a"].region)
    client.force_login(regional_admin)
    response = client.get(ranking_url(period, f"municipality:{district['mun_a'].pk}", below=1))
    assert [row.scope.name for row in response.context["rows"]] == ["Школа А", "Школа Низкая"]


def test_ranking_region_by_municipalities_and_by_organizations(client, district, regional_admin):
    region = district["mun_a"].region
    period = region_period(region)
    client.force_login(regional_admin)
    by_municipality = client.get(ranking_url(period, f"region:{region.pk}")).context["rows"]
    assert [(row.scope.name, row.cell.value) for row in by_municipality] == [
        ("Город А", D("50.00")),  # 10 of 20
        ("Район Б", D(0)),
    ]
    by_organization = client.get(ranking_url(period, f"region:{region.pk}", level="organization"))
    names = [row.scope.name for row in by_organization.context["rows"]]
    assert names == ["Школа Лучшая", "Школа Средняя", "Школа А", "Школа Б", "Школа Низкая"]


def test_ranking_recommendation_link_when_the_page_exists(client, district, regional_admin):
    period = region_period(district["mun_a"].region)
    client.force_login(regional_admin)
    rows = client.get(ranking_url(period, f"municipality:{district['mun_a'].pk}")).context["rows"]
    try:
        base = reverse("monitoring:recommendation_create")
    except NoReverseMatch:
        assert {row.recommendation_url for row in rows} == {""}
        return
    top = district["top"]
    assert rows[0].recommendation_url == (
        f"{base}?period={period.pk}&indicator=diagnosed_share&organization={top.pk}"
    )


def test_ranking_municipal_methodist_cannot_rank_the_region(client, district):
    period = region_period(district["mun_a"].region)
    methodist = factories.user_with_role(Role.MUNICIPAL_METHODIST, district["mun_a"])
    client.force_login(methodist)
    own = client.get(ranking_url(period, f"municipality:{district['mun_a'].pk}"))
    assert own.status_code == 200
    assert "Школа Б" not in own.content.decode()
    assert client.get(ranking_url(period, f"region:{period.region_id}")).status_code == 404
    assert (
        client.get(ranking_url(period, f"municipality:{district['mun_b'].pk}")).status_code == 404
    )


def test_ranking_xlsx_has_numbers_as_numbers(client, district, regional_admin):
    period = region_period(district["mun_a"].region)
    client.force_login(regional_admin)
    response = client.get(
        ranking_url(period, f"municipality:{district['mun_a'].pk}", export="xlsx")
    )
    rows = xlsx_rows(response)
    assert rows[0][:4] == ["Место", "Организация", "Муниципалитет", "Числитель"]
    assert rows[1][:8] == [
        1,
        "Школа Лучшая",
        "Город А",
        9,
        10,
        90,
        20,
        "по умолчанию (РСНМС, 2024)",
    ]


def test_ranking_query_count_does_not_grow_with_organizations(client, region, regional_admin):
    municipality = factories.MunicipalityFactory(region=region, name="Округ")
    for number in range(3):
        school(municipality, f"Школа {number}", 2, 1)
    period = region_period(region)
    client.force_login(regional_admin)
    url = ranking_url(period, f"municipality:{municipality.pk}")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for number in range(3, 12):
        school(municipality, f"Школа {number}", 3, 2)
    services.compute_period(period, by=None)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(response.context["rows"]) == 12
    assert len(large.captured_queries) == len(small.captured_queries)


def test_ranking_paginates_with_ranks_of_every_row(client, district, regional_admin, monkeypatch):
    monkeypatch.setattr(analysis, "RANKING_PAGE_SIZE", 2)
    region = district["mun_a"].region
    period = region_period(region)
    client.force_login(regional_admin)
    url = ranking_url(period, f"region:{region.pk}", level="organization")
    first = client.get(url)
    second = client.get(url + "&page=2")
    assert [(r.rank, r.scope.name) for r in first.context["rows"]] == [
        (1, "Школа Лучшая"),
        (2, "Школа Средняя"),
    ]
    assert [(r.rank, r.scope.name) for r in second.context["rows"]] == [
        (3, "Школа А"),
        (3, "Школа Б"),
    ]
    assert first.context["below_count"] == second.context["below_count"] == 3  # of every row
    content = second.content.decode()
    assert "Страница 2 из 3, строки 3–4 из 5" in content
    filters = f"indicator=diagnosed_share&amp;scope=region%3A{region.pk}&amp;level=organization"
    assert f'href="?{filters}&amp;page=3"' in content  # the page links keep the filters
    assert "Школа Лучшая" not in content.split('id="ranking-table"')[1]
    rows = xlsx_rows(client.get(url + "&page=2&export=xlsx"))
    assert [row[1] for row in rows[1:]] == [
        "Школа Лучшая",
        "Школа Средняя",
        "Школа А",
        "Школа Б",
        "Школа Низкая",
    ]


def test_ranking_page_query_count_does_not_grow_with_organizations(
    client, region, regional_admin, monkeypatch
):
    monkeypatch.setattr(analysis, "RANKING_PAGE_SIZE", 2)
    municipality = factories.MunicipalityFactory(region=region, name="Округ")
    for number in range(3):
        school(municipality, f"Школа {number}", 2, 1)
    period = region_period(region)
    client.force_login(regional_admin)
    url = ranking_url(period, f"municipality:{municipality.pk}", page=2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for number in range(3, 12):
        school(municipality, f"Школа {number}", 3, 2)
    services.compute_period(period, by=None)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(response.context["rows"]) == 2
    assert response.context["page_obj"].paginator.num_pages == 6
    assert len(large.captured_queries) == len(small.captured_queries)


# Drill-down ------------------------------------------------------------------------------------


def drill_url(period, level, pk, part="numerator"):
    return (
        f"/monitoring/periods/{period.pk}/drill/?indicator=diagnosed_share"
        f"&level={level}&scope={pk}&part={part}"
    )


def test_drill_lists_exactly_the_counted_people_of_the_scope(client, district, regional_admin):
    period = region_period(district["mun_a"].region)
    client.force_login(regional_admin)
    mid = district["mid"]
    response = client.get(drill_url(period, "organization", mid.pk))
    people = response.context["items"]
    assert [person.last_name for person in people] == ["Школа Средняя-00"]
    assert people[0].places == [("Школа Средняя", "Учитель")]
    denominator = client.get(drill_url(period, "organization", mid.pk, "denominator"))
    assert [p.last_name for p in denominator.context["items"]] == [
        f"Школа Средняя-{n:02d}" for n in range(5)
    ]
    page = response.content.decode()
    assert "сегодняшним данным" in page


def test_drill_municipality_numerator_is_paginated(client, district, regional_admin):
    period = region_period(district["mun_a"].region)
    client.force_login(regional_admin)
    response = client.get(drill_url(period, "municipality", district["mun_a"].pk))
    assert response.context["page_obj"].paginator.count == 10
    assert response.context["current"] == D(10)


def test_drill_shows_the_difference_when_data_changed(client, district, regional_admin):
    period = region_period(district["mun_a"].region)
    diagnose(district["mid_people"][1])  # after the computation
    client.force_login(regional_admin)
    response = client.get(drill_url(period, "organization", district["mid"].pk))
    assert (response.context["drill"].stored_amount, response.context["current"]) == (D(1), D(2))
    assert "данные изменились после расчёта" in response.content.decode()


def test_drill_scope_outside_reach_is_404(client, district, org_admin_a):
    period = region_period(district["mun_a"].region)
    client.force_login(org_admin_a)
    own = client.get(drill_url(period, "organization", district["org_a"].pk, "denominator"))
    assert [p.last_name for p in own.context["items"]] == ["Альфина"]
    assert client.get(drill_url(period, "organization", district["org_b"].pk)).status_code == 404
    assert client.get(drill_url(period, "organization", district["top"].pk)).status_code == 404
    assert client.get(drill_url(period, "municipality", district["mun_a"].pk)).status_code == 404
    assert client.get(drill_url(period, "region", period.region_id)).status_code == 404


def test_drill_unknown_parameters_are_404(client, district, regional_admin):
    period = region_period(district["mun_a"].region)
    client.force_login(regional_admin)
    base = f"/monitoring/periods/{period.pk}/drill/"
    assert client.get(base).status_code == 404
    assert client.get(drill_url(period, "planet", 1)).status_code == 404
    assert client.get(drill_url(period, "region", period.region_id, "whole")).status_code == 404


def test_drill_xlsx_lists_people(client, district, regional_admin):
    period = region_period(district["mun_a"].region)
    client.force_login(regional_admin)
    response = client.get(drill_url(period, "organization", district["top"].pk) + "&export=xlsx")
    rows = xlsx_rows(response)
    assert rows[0] == ["Работник", "Организация", "Должность"]
    assert len(rows) == 10
    assert rows[1][1:] == ["Школа Лучшая", "Учитель"]


def test_drill_lists_records_for_a_measure_of_records(client, district, regional_admin):
    from profrost.staffing.models import Vacancy

    top = district["top"]
    vacancy = Vacancy.objects.create(
        organization=top,
        position=factories.position(),
        hours=D(18),
        opened_on=date(2026, 2, 1),
    )
    Vacancy.objects.create(  # closed before the period's last day: not counted
        organization=top,
        position=factories.position(),
        hours=D(18),
        opened_on=date(2026, 2, 1),
        closed_on=date(2026, 3, 1),
        closure="cancelled",
    )
    period = region_period(district["mun_a"].region)
    client.force_login(regional_admin)
    response = client.get(
        f"/monitoring/periods/{period.pk}/drill/?indicator=staffing_needs"
        f"&level=organization&scope={top.pk}&part=numerator"
    )
    assert response.context["drill"].people is False
    assert response.context["items"] == [vacancy]
    assert response.context["current"] == D(1)
    denominator = (
        f"/monitoring/periods/{period.pk}/drill/?indicator=staffing_needs"
        f"&level=organization&scope={top.pk}&part=denominator"
    )
    assert client.get(denominator).status_code == 404


def test_dashboard_period_without_own_values_says_so(client, district):
    period = region_period(district["mun_a"].region)
    newcomer = factories.OrganizationFactory(municipality=district["mun_a"], short_name="Новая")
    admin = factories.user_with_role(Role.ORGANIZATION_ADMIN, newcomer)
    client.force_login(admin)
    response = client.get("/monitoring/")
    assert response.status_code == 200
    assert response.context["period"] == period
    assert response.context["board"] is None
    assert "нет значений показателей в пределах ваших прав" in response.content.decode()


def test_the_journal_names_a_target_by_its_indicator(region, regional_admin):
    target = Target(indicator="diagnosed_share", year=2027, value=D(30), region=region)
    services.save_target(target, by=regional_admin)
    entry = AuditEntry.objects.get(action="monitoring.target.created")
    assert entry.object_repr.startswith("Доля педагогических и руководящих работников")
    assert entry.object_repr.endswith(", 2027: 30")
    assert "diagnosed_share" not in entry.object_repr
