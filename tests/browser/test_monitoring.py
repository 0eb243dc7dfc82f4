"""Monitoring in the browser: the municipal methodist creates and computes a period, sees the
diagnostics indicator red, opens the organizations below target, issues a recommendation to one
of them; that organization's administrator sees it and answers; the methodist sees the answer."""

import re
from datetime import date
from decimal import Decimal

from playwright.sync_api import expect

from profrost.core.roles import Role
from profrost.diagnostics import services as diagnostics
from profrost.diagnostics.models import ResultSource
from profrost.monitoring.models import (
    MonitoringPeriod,
    PeriodStatus,
    Recommendation,
    RecommendationStatus,
)
from tests import factories
from tests.browser.conftest import login

PASSWORD = "verno-123-parol"
INDICATOR = "diagnosed_share"  # target 20 % by default (seed 003 6.2.7)
PERIOD = "Первое полугодие 2026"
ANSWER = "Проведём диагностику всех педагогов школы до 15 декабря, ответственный — завуч."


def school(municipality, name, teachers, diagnosed, competence):
    """An organization with `teachers` teachers, the first `diagnosed` of them diagnosed in
    March 2026."""
    organization = factories.OrganizationFactory(municipality=municipality, short_name=name)
    for number in range(teachers):
        person = factories.EmploymentFactory(
            organization=organization, person__last_name=f"Учитель{name[-1]}{number}"
        ).person
        if number < diagnosed:
            diagnostics.record_result(
                person=person,
                competence_id=competence.pk,
                measured_on=date(2026, 3, 1),
                score=Decimal(1),
                max_score=Decimal(2),
                level="partial",
                source=ResultSource.IMPORT,
                source_title="Федеральная диагностика",
            )
    return organization


def build_municipality(region):
    """«Город Заречный»: 1 of 2 teachers diagnosed in «Лицей № 1» (50 %, green), none of 4 in
    «Школа № 2» and «Школа № 3» (0 %, red); the municipality 1 of 10 (10 %, red)."""
    municipality = factories.MunicipalityFactory(region=region, name="Город Заречный")
    competence = factories.CompetenceFactory(code="M.1")
    school(municipality, "Лицей № 1", 2, 1, competence)
    second = school(municipality, "Школа № 2", 4, 0, competence)
    school(municipality, "Школа № 3", 4, 0, competence)
    methodist = factories.user_with_role(
        Role.MUNICIPAL_METHODIST,
        municipality,
        password=PASSWORD,
        first_name="Ольга",
        last_name="Методистова",
    )
    admin = factories.user_with_role(
        Role.ORGANIZATION_ADMIN,
        second,
        password=PASSWORD,
        first_name="Пётр",
        last_name="Директоров",
    )
    return municipality, second, methodist, admin


def open_menu(page, menu, link):
    """A link of a dropdown menu of the navigation bar."""
    page.locator("#mainnav .dropdown-toggle", has_text=menu).click()
    with page.expect_navigation():
        page.locator("#mainnav .dropdown-menu").get_by_role("link", name=link, exact=True).click()


def test_methodist_finds_a_red_indicator_and_an_organization_answers_the_recommendation(
    page, browser, live_server, region
):
    municipality, second, methodist, admin = build_municipality(region)

    # 1. The methodist creates a period of the municipality.
    login(page, live_server, methodist.username, PASSWORD)
    open_menu(page, "Мониторинг", "Периоды мониторинга")
    with page.expect_navigation():
        page.get_by_role("link", name="Добавить").click()
    expect(page.locator("h1")).to_have_text("Новый период мониторинга")
    page.fill("#id_title", PERIOD)
    page.select_option("#id_level", "municipality")
    page.select_option("#id_municipality", str(municipality.pk))
    page.fill("#id_starts_on", "2026-01-01")
    page.fill("#id_ends_on", "2026-06-30")
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("h1")).to_have_text(PERIOD)
    period = MonitoringPeriod.objects.get(title=PERIOD)
    assert (period.level, period.municipality) == ("municipality", municipality)

    # 2. … and computes it: the job runs inside the request, the page shows it done.
    with page.expect_navigation():
        page.get_by_role("button", name="Рассчитать показатели").click()
    job = page.locator(".job-status")
    expect(job).to_contain_text("Готово")
    expect(page.get_by_role("button", name="Пересчитать")).to_be_visible()
    expect(page.locator("dl.card-fields")).to_contain_text("Рассчитан")
    period.refresh_from_db()
    assert period.status == PeriodStatus.COMPUTED

    # 3. The dashboard of the municipality: the diagnostics indicator is red.
    open_menu(page, "Мониторинг", "Показатели")
    expect(page.locator("#dashboard-scope")).to_contain_text("Город Заречный")
    expect(page.locator("#id_period option:checked")).to_contain_text(PERIOD)
    row = page.locator(f"#indicator-{INDICATOR}")
    expect(row).to_have_class(re.compile(r"\blight-row-red\b"))
    light = row.locator("span.light-red")
    expect(light).to_have_class(re.compile(r"\bbg-danger\b"))
    expect(light).to_have_attribute("aria-label", "Ниже цели")
    cells = row.locator("td")
    expect(cells.nth(2)).to_have_text("10 %")
    expect(cells.nth(3)).to_have_text("1 из 10")
    expect(cells.nth(4)).to_contain_text("≥ 20 %")  # the default target

    # 4. The ranking «в разрезе ОО»: two schools below target, marked red.
    with page.expect_navigation():
        row.get_by_role("link", name="В разрезе").click()
    expect(page.locator("#below-count")).to_have_text("2")
    ranking = page.locator("#ranking-table tbody tr")
    expect(ranking).to_have_count(3)
    below = page.locator("#ranking-table tbody tr.table-danger")
    expect(below).to_have_count(2)
    expect(below.filter(has_text="Школа № 2")).to_have_count(1)
    expect(below.filter(has_text="Школа № 3")).to_have_count(1)
    for name in ("Школа № 2", "Школа № 3"):
        school_row = below.filter(has_text=name)
        expect(school_row.locator("td").nth(2)).to_have_text("0 %")
        expect(school_row.locator("td").nth(3)).to_have_text("0 из 4")
        expect(school_row.locator("span.light-red")).to_have_count(1)
        expect(school_row).to_contain_text("ниже цели")
    lyceum = ranking.filter(has_text="Лицей № 1")
    expect(lyceum).not_to_have_class(re.compile(r"table-danger"))
    expect(lyceum.locator("td").nth(2)).to_have_text("50 %")
    expect(lyceum).to_contain_text("цель достигнута")
    page.get_by_label("только ниже цели").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Показать").click()
    expect(ranking).to_have_count(2)

    # 5. «Рекомендация» on «Школа № 2»: the form comes filled in from the ranking.
    with page.expect_navigation():
        below.filter(has_text="Школа № 2").get_by_role("link", name="Рекомендация").click()
    expect(page.locator("h1")).to_have_text("Новая адресная рекомендация")
    expect(page.locator("#id_organization")).to_have_value(str(second.pk))
    expect(page.locator("#id_period")).to_have_value(str(period.pk))
    expect(page.locator("#id_indicator")).to_have_value(INDICATOR)
    expect(page.locator("#id_title")).to_have_value(re.compile(r"диагностику.*: Школа № 2$"))
    expect(page.locator("#id_text")).to_have_value(
        re.compile(r"^По итогам периода «Первое полугодие 2026» значение показателя .* — 0 %")
    )
    text = page.locator("#id_text").input_value()
    page.fill("#id_text", text + "Проведите диагностику профессиональных дефицитов педагогов.")
    page.fill("#id_deadline", "2026-12-20")
    with page.expect_navigation():
        page.get_by_role("button", name="Отправить рекомендацию").click()
    expect(page.locator(".alert-success")).to_contain_text("Рекомендация отправлена адресату.")
    expect(page.locator("h1")).to_contain_text("Ожидает ответа")
    expect(page.locator("#recommendation-fields")).to_contain_text("Школа № 2")
    recommendation = Recommendation.objects.get()
    assert (recommendation.organization, recommendation.period, recommendation.indicator) == (
        second,
        period,
        INDICATOR,
    )
    assert recommendation.status == RecommendationStatus.NEW
    assert recommendation.value == Decimal(0)

    # 6. The administrator of «Школа № 2» finds it among the recommendations and answers.
    context = browser.new_context(locale="ru-RU")
    context.set_default_timeout(15_000)
    try:
        admin_page = context.new_page()
        login(admin_page, live_server, admin.username, PASSWORD)
        open_menu(admin_page, "Мониторинг", "Рекомендации")
        expect(admin_page.locator("#inbox-waiting")).to_contain_text("Ждут вашего ответа: 1")
        with admin_page.expect_navigation():
            admin_page.get_by_role("link", name=recommendation.title).click()
        expect(admin_page.locator("#recommendation-text")).to_contain_text(
            "Проведите диагностику профессиональных дефицитов педагогов."
        )
        expect(admin_page.locator("#recommendation-answer")).to_contain_text("Ответа пока нет.")
        admin_page.fill("#id_answer", ANSWER)
        with admin_page.expect_navigation():
            admin_page.get_by_role("button", name="Ответить").click()
        expect(admin_page.locator(".alert-success")).to_contain_text("Ответ отправлен.")
        expect(admin_page.locator("h1")).to_contain_text("Получен ответ")
        expect(admin_page.locator("#recommendation-answer")).to_contain_text(ANSWER)
    finally:
        context.close()
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.answer, recommendation.answered_by) == (
        RecommendationStatus.ANSWERED,
        ANSWER,
        admin,
    )

    # 7. The methodist sees the answer.
    page.reload()
    expect(page.locator("h1")).to_contain_text("Получен ответ")
    expect(page.locator("#recommendation-answer")).to_contain_text(ANSWER)
    expect(page.get_by_role("button", name="Принять ответ")).to_be_visible()
