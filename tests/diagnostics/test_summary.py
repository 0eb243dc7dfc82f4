"""The aggregate of deficits «в разрезе», its drill-down lists and its query count."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from profrost.core.dates import add_months
from profrost.core.roles import Role
from profrost.diagnostics import selectors, services
from profrost.diagnostics.models import ResultSource
from tests import factories

PERCENT = {"deficit": 30, "partial": 60, "proficient": 90}
TODAY = timezone.localdate()
EARLIER = TODAY - timedelta(days=60)
LATER = TODAY - timedelta(days=10)
LONG_AGO = TODAY - timedelta(days=800)


def record(person, organization, competence, day, level, title="Региональная диагностика"):
    return services.record_result(
        person=person,
        organization_id=organization.pk,
        competence_id=competence.pk,
        measured_on=day,
        score=Decimal(PERCENT[level]),
        max_score=Decimal(100),
        level=level,
        source=ResultSource.IMPORT,
        source_title=title,
    )


def teacher(organization, last_name):
    employment = factories.EmploymentFactory(organization=organization, person__last_name=last_name)
    return employment.person


@pytest.fixture
def data(two_orgs):
    """Город А: Школа А (Альфина, Гаммова, Дельтова, Эпсилонова without results) and Школа В
    (Зетова); Район Б: Школа Б (Бетова).

    Альфина: T.MET deficit, then proficient later in the period (only the later counts);
    T.PSY partial. Гаммова: both deficit. Дельтова: T.MET partial, T.PSY proficient, and an old
    T.MET deficit before the period. Зетова: T.MET deficit. Бетова: both deficit.
    """
    org_a, org_b = two_orgs["org_a"], two_orgs["org_b"]
    org_v = factories.OrganizationFactory(municipality=two_orgs["mun_a"], short_name="Школа В")
    met = factories.CompetenceFactory(code="T.MET", name="Проектирование урока")
    psy = factories.CompetenceFactory(code="T.PSY", name="Учёт возрастных особенностей")
    alpha = two_orgs["person_a"]
    gamma = teacher(org_a, "Гаммова")
    delta = teacher(org_a, "Дельтова")
    teacher(org_a, "Эпсилонова")
    zeta = teacher(org_v, "Зетова")
    record(alpha, org_a, met, EARLIER, "deficit", title="Первая")
    record(alpha, org_a, met, LATER, "proficient", title="Вторая")
    record(alpha, org_a, psy, EARLIER, "partial")
    record(gamma, org_a, met, LATER, "deficit")
    record(gamma, org_a, psy, LATER, "deficit")
    record(delta, org_a, met, LONG_AGO, "deficit", title="Старая")
    record(delta, org_a, met, LATER, "partial")
    record(delta, org_a, psy, LATER, "proficient")
    record(zeta, org_v, met, LATER, "deficit")
    record(two_orgs["person_b"], org_b, met, LATER, "deficit")
    record(two_orgs["person_b"], org_b, psy, LATER, "deficit")
    return {
        **two_orgs,
        "org_v": org_v,
        "met": met,
        "psy": psy,
        "gamma": gamma,
        "delta": delta,
        "zeta": zeta,
        "municipal": factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"]),
    }


def table(summary):
    """{row name: (staff, diagnosed, count, {code: count or None when not measured})}"""
    codes = [column.code for column in summary.columns]
    return {
        row.name: (
            row.staff,
            row.diagnosed,
            row.count,
            {
                code: (cell.count if cell.measured else None)
                for code, cell in zip(codes, row.cells, strict=True)
            },
        )
        for row in summary.rows
    }


def summarize(user, **params):
    start, end = TODAY - timedelta(days=364), TODAY
    return selectors.deficit_summary(user, date_from=start, date_to=end, **params)


def test_summary_counts_latest_result_per_competence_in_the_period(data):
    summary = summarize(data["municipal"])
    assert table(summary) == {
        "Школа А": (4, 3, 1, {"T.MET": 1, "T.PSY": 1}),
        "Школа В": (1, 1, 1, {"T.MET": 1, "T.PSY": None}),
    }
    assert [(c.code, c.measured, c.count) for c in summary.columns] == [
        ("T.MET", 4, 2),
        ("T.PSY", 3, 1),
    ]
    assert (summary.staff, summary.diagnosed, summary.count) == (5, 4, 2)
    assert summary.diagnosed_percent == 80.0


def test_summary_later_result_in_another_organization_is_the_latest(data):
    """Каппова had a deficit at Школа А, then was proficient at Школа Б (outside the municipal
    methodist's scope): Школа А counts her as diagnosed, not as having the deficit."""
    kappa = teacher(data["org_a"], "Каппова")
    record(kappa, data["org_a"], data["met"], EARLIER, "deficit")
    record(kappa, data["org_b"], data["met"], LATER, "proficient")
    summary = summarize(data["municipal"])
    assert table(summary)["Школа А"] == (5, 4, 1, {"T.MET": 1, "T.PSY": 1})
    assert [(c.code, c.measured, c.count) for c in summary.columns] == [
        ("T.MET", 4, 2),
        ("T.PSY", 3, 1),
    ]
    assert (summary.staff, summary.diagnosed, summary.count) == (6, 5, 2)


def test_summary_deficit_and_partial_levels_count_partial_too(data):
    summary = summarize(data["municipal"], levels=selectors.LEVELS_BELOW)
    assert table(summary)["Школа А"] == (4, 3, 3, {"T.MET": 2, "T.PSY": 2})
    assert [column.count for column in summary.columns] == [3, 2]


def test_summary_by_municipality_for_the_region(data, regional_admin):
    summary = summarize(regional_admin, by=selectors.BY_MUNICIPALITY)
    assert table(summary) == {
        "Город А": (5, 4, 2, {"T.MET": 2, "T.PSY": 1}),
        "Район Б": (1, 1, 1, {"T.MET": 1, "T.PSY": 1}),
    }
    assert (summary.staff, summary.diagnosed, summary.count) == (6, 5, 3)


def test_summary_period_excludes_results_before_it(data):
    summary = selectors.deficit_summary(
        data["municipal"], date_from=LONG_AGO, date_to=LONG_AGO + timedelta(days=1)
    )
    assert table(summary)["Школа А"] == (4, 1, 1, {"T.MET": 1})


def test_summary_organization_admin_sees_own_organization_only(data, org_admin_a, client):
    client.force_login(org_admin_a)
    response = client.get("/diagnostics/summary/")
    assert response.status_code == 200
    assert [row.name for row in response.context["summary"].rows] == ["Школа А"]
    content = response.content.decode()
    assert "Школа А" in content
    for foreign in ("Школа Б", "Школа В", "Район Б", "Бетова"):
        assert foreign not in content


def test_summary_regional_admin_sees_every_organization(data, regional_admin, client):
    client.force_login(regional_admin)
    response = client.get("/diagnostics/summary/?by=organization")
    names = [row.name for row in response.context["summary"].rows]
    assert names == ["Школа А", "Школа В", "Школа Б"]


def test_summary_teacher_only_user_is_forbidden(data, client):
    client.force_login(factories.teacher_user(data["gamma"]))
    assert client.get("/diagnostics/summary/").status_code == 403


def test_summary_municipality_rows_are_for_regional_users_only(data, client):
    client.force_login(data["municipal"])
    response = client.get("/diagnostics/summary/?by=municipality")
    assert response.context["summary"].by == selectors.BY_ORGANIZATION
    assert [row.name for row in response.context["summary"].rows] == ["Школа А", "Школа В"]


def test_summary_cell_links_to_the_people_it_counts(data, client):
    client.force_login(data["municipal"])
    response = client.get("/diagnostics/summary/?levels=below")
    row = response.context["summary"].rows[0]
    cell = row.cells[0]  # Школа А × T.MET: Гаммова (deficit) and Дельтова (partial)
    listed = client.get(cell.link).context["paginator"].object_list
    assert sorted(result.person.last_name for result in listed) == ["Гаммова", "Дельтова"]
    diagnosed = client.get(row.links["diagnosed"])
    assert diagnosed.context["people_count"] == 3
    deficits = client.get(row.links["deficits"]).context["paginator"].object_list
    assert sorted((d.person.last_name, d.competence.code) for d in deficits) == [
        ("Альфина", "T.PSY"),
        ("Гаммова", "T.MET"),
        ("Гаммова", "T.PSY"),
        ("Дельтова", "T.MET"),
    ]


def test_summary_export_is_xlsx_with_numbers(data, client):
    client.force_login(data["municipal"])
    response = client.get("/diagnostics/summary/?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == (
        "Организация",
        "Муниципалитет",
        "Педагогов",
        "Прошли диагностику",
        "Доля прошедших, %",
        "С дефицитами",
        "T.MET Проектирование урока",
        "T.PSY Учёт возрастных особенностей",
    )
    assert rows[1:] == [
        ("Школа А", "Город А", 4, 3, 75, 1, 1, 1),
        ("Школа В", "Город А", 1, 1, 100, 1, 1, None),
        ("Итого", None, 5, 4, 80, 2, 2, 1),
    ]
    assert all(type(value) is int for value in rows[1][2:4] + rows[1][5:])


def test_summary_page_colours_cells_by_share_of_the_rows_diagnosed(data, client):
    client.force_login(data["municipal"])
    response = client.get("/diagnostics/summary/")
    # Школа А: 1 of 3 diagnosed (33 %) → step 2 of 5; Школа В: 1 of 1 → step 5, T.PSY unmeasured.
    steps = [[cell.step for cell in row.cells] for row in response.context["summary"].rows]
    assert steps == [[2, 2], [5, 0]]
    content = response.content.decode()
    assert 'id="summary-table"' in content
    assert 'id="summary-grid"' not in content  # one table is the heat map, each cell drawn once
    assert content.count('<td class="heat-5" title="100 % из 1 прошедших; измерена у 1">') == 1
    assert "до 20 %" in content
    assert '<span class="border px-2 py-1 heat-5">80–100 %</span>' in content


def test_summary_htmx_request_returns_the_body_only(data, client):
    client.force_login(data["municipal"])
    response = client.get(
        "/diagnostics/summary/",
        headers={"HX-Request": "true", "HX-Target": "summary-body"},
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="summary-body">')


# Lists ---------------------------------------------------------------------------------------


def test_deficit_list_filters_by_status_level_and_competence(data, client):
    client.force_login(data["municipal"])
    met = data["met"].pk
    response = client.get(f"/diagnostics/deficits/?competence={met}&status=open&level=deficit")
    names = sorted(d.person.last_name for d in response.context["paginator"].object_list)
    assert names == ["Гаммова", "Дельтова", "Зетова"]  # Дельтова's old deficit is still open
    closed = client.get("/diagnostics/deficits/?status=closed").context["paginator"].object_list
    assert [(d.person.last_name, d.closed_on) for d in closed] == [("Альфина", LATER)]


def test_deficit_list_search_by_name_and_source(data, client):
    client.force_login(data["municipal"])
    found = client.get("/diagnostics/deficits/?q=гаммова").context["paginator"].object_list
    assert {d.person.last_name for d in found} == {"Гаммова"}
    old = client.get("/diagnostics/deficits/?source=старая").context["paginator"].object_list
    assert [(d.person.last_name, d.found_on) for d in old] == [("Дельтова", LONG_AGO)]


def test_deficit_list_organization_admin_sees_own_organization_only(data, org_admin_a, client):
    client.force_login(org_admin_a)
    content = client.get("/diagnostics/deficits/").content.decode()
    assert "Гаммова" in content
    for foreign in ("Бетова", "Зетова", "Школа Б", "Район Б"):
        assert foreign not in content


def test_deficit_list_export_is_xlsx(data, client):
    client.force_login(data["municipal"])
    response = client.get("/diagnostics/deficits/?status=open&q=Зетова&export=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Работник", "Организация", "Муниципалитет", "Код", "Компетенция")
    assert len(rows) == 2
    assert rows[1][:5] == (
        data["zeta"].full_name,
        "Школа В",
        "Город А",
        "T.MET",
        "Проектирование урока",
    )
    assert rows[1][8].date() == LATER


def test_result_list_latest_keeps_one_result_per_competence_in_the_period(data, client):
    client.force_login(data["municipal"])
    url = f"/diagnostics/results/?q=Альфина&competence={data['met'].pk}"
    assert len(client.get(url).context["paginator"].object_list) == 2
    latest = client.get(url + "&latest=true").context["paginator"].object_list
    assert [(r.measured_on, r.level) for r in latest] == [(LATER, "proficient")]


def test_result_list_teacher_sees_own_results_only(data, client):
    client.force_login(factories.teacher_user(data["gamma"]))
    response = client.get("/diagnostics/results/")
    assert {r.person.last_name for r in response.context["paginator"].object_list} == {"Гаммова"}
    assert response.context["people_count"] == 1


# Query counts --------------------------------------------------------------------------------


def grow(region, organizations, people, competences, prefix):
    municipality = factories.MunicipalityFactory(region=region)
    for number in range(organizations):
        organization = factories.OrganizationFactory(municipality=municipality)
        for index in range(people):
            person = teacher(organization, f"{prefix}{number}-{index}")
            for position, competence in enumerate(competences):
                level = ("deficit", "partial", "proficient")[(index + position) % 3]
                record(person, organization, competence, LATER, level)


def count_queries(client, url):
    client.get(url)  # warm the caches of the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/diagnostics/summary/",
        "/diagnostics/summary/?by=organization&levels=below",
        "/diagnostics/summary/?export=xlsx",
        "/diagnostics/deficits/",
        "/diagnostics/deficits/?export=xlsx",
        "/diagnostics/results/?latest=true",
    ],
)
def test_summary_and_lists_query_count_does_not_grow_with_people(region, client, url):
    competences = [factories.CompetenceFactory(code=f"Q.{n}") for n in range(3)]
    client.force_login(factories.user_with_role(Role.REGIONAL_ADMIN, region))
    grow(region, 2, 3, competences, "Малов")
    few = count_queries(client, url)
    grow(region, 3, 12, competences, "Многов")
    many = count_queries(client, url)
    assert many == few


def test_summary_page_takes_the_period_typed_as_dates(data, client):
    client.force_login(data["municipal"])
    start, end = LONG_AGO.strftime("%d.%m.%Y"), (LONG_AGO + timedelta(days=1)).strftime("%d.%m.%Y")
    response = client.get(f"/diagnostics/summary/?date_from={start}&date_to={end}")
    assert table(response.context["summary"])["Школа А"] == (4, 1, 1, {"T.MET": 1})
    assert f'value="{start}"' in response.content.decode()


def test_summary_page_with_an_invalid_date_falls_back_to_the_last_twelve_months(data, client):
    client.force_login(data["municipal"])
    response = client.get("/diagnostics/summary/?date_from=31.02.2026&levels=below")
    summary = response.context["summary"]
    assert (summary.date_from, summary.date_to) == (
        add_months(TODAY, -12) + timedelta(days=1),
        TODAY,
    )
    assert summary.levels == ("deficit", "partial")  # the valid filters still apply
    assert "Проверьте значения фильтров" in response.content.decode()


def test_summary_regional_user_sees_the_default_rows_selected(client, regional_admin):
    client.force_login(regional_admin)
    response = client.get("/diagnostics/summary/")
    assert response.context["form"]["by"].value() == "municipality"
    assert 'value="municipality" selected' in response.content.decode()


# Pages ---------------------------------------------------------------------------------------


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(selectors, "ROWS_PER_PAGE", 2)


def test_summary_page_two_shows_the_next_organizations(data, regional_admin, client, two_per_page):
    client.force_login(regional_admin)
    first = client.get("/diagnostics/summary/?by=organization&levels=below")
    second = client.get("/diagnostics/summary/?by=organization&levels=below&page=2")
    assert [row.name for row in first.context["summary"].rows] == ["Школа А", "Школа В"]
    assert [row.name for row in second.context["summary"].rows] == ["Школа Б"]
    content = second.content.decode()
    assert "Страница 2 из 2, строки 3–3 из 3" in content
    assert 'href="?by=organization&amp;levels=below&amp;page=1"' in content  # keeps the filters
    assert '<th scope="row" class="fw-normal">Школа Б' not in first.content.decode()
    assert '<th scope="row" class="fw-normal">Школа Б' in content


def test_summary_pages_add_up_to_the_totals(data, regional_admin, client, two_per_page):
    client.force_login(regional_admin)
    pages = [
        client.get(f"/diagnostics/summary/?by=organization&page={number}").context["summary"]
        for number in (1, 2)
    ]
    rows = [row for summary in pages for row in summary.rows]
    whole = summarize(regional_admin, by=selectors.BY_ORGANIZATION)
    assert table(whole) == {**table(pages[0]), **table(pages[1])}
    for summary in pages:
        assert (summary.staff, summary.diagnosed, summary.count) == (6, 5, 3)
        assert [(c.code, c.measured, c.count) for c in summary.columns] == [
            ("T.MET", 5, 3),
            ("T.PSY", 4, 2),
        ]
    # Each person works in one organization here, so the rows add up to the totals.
    assert sum(row.staff for row in rows) == 6
    assert sum(row.diagnosed for row in rows) == 5
    assert sum(row.count for row in rows) == 3
    for index, column in enumerate(pages[0].columns):
        assert sum(row.cells[index].count for row in rows) == column.count


def test_summary_export_has_every_organization_of_every_page(
    data, regional_admin, client, two_per_page
):
    client.force_login(regional_admin)
    response = client.get("/diagnostics/summary/?by=organization&page=2&export=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Школа А", "Школа В", "Школа Б", "Итого"]


def test_summary_page_picks_the_latest_results_without_a_correlated_subquery(data, client):
    client.force_login(data["municipal"])
    with CaptureQueriesContext(connection) as captured:
        client.get("/diagnostics/summary/")
    reads = [q["sql"] for q in captured if "diagnostics_competenceresult" in q["sql"]]
    assert reads
    assert all("NOT EXISTS" not in sql for sql in reads)
    latest = "DISTINCT ON" if connection.features.can_distinct_on_fields else "ROW_NUMBER"
    assert sum(latest in sql for sql in reads) == 4  # columns, totals, page rows and cells


def test_summary_page_query_count_does_not_grow_with_organizations(
    region, client, two_per_page, django_assert_max_num_queries
):
    competences = [factories.CompetenceFactory(code=f"Q.{n}") for n in range(3)]
    client.force_login(factories.user_with_role(Role.REGIONAL_ADMIN, region))
    grow(region, 3, 2, competences, "Малов")
    url = "/diagnostics/summary/?by=organization&page=2"
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    grow(region, 9, 2, competences, "Многов")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["summary"].rows) == 2
    assert response.context["summary"].page.paginator.num_pages == 6
