from playwright.sync_api import expect

from profrost.diagnostics import services
from tests import factories
from tests.browser.conftest import login

PASSWORD = "verno-123-parol"


def build_diagnostic(region):
    """A teacher and an open regional campaign of five single-choice items over three
    competences. Option 1 of each item gives a point, option 2 nothing."""
    organization = factories.OrganizationFactory(
        municipality=factories.MunicipalityFactory(region=region), short_name="Школа № 7"
    )
    person = factories.EmploymentFactory(
        organization=organization, person__last_name="Светлова", person__first_name="Ольга"
    ).person
    met = factories.CompetenceFactory(code="B.MET", name="Проектирование урока")
    psy = factories.CompetenceFactory(code="B.PSY", name="Учёт возрастных особенностей")
    com = factories.CompetenceFactory(code="B.COM", name="Общение с родителями")
    instrument = factories.InstrumentFactory(
        title="Тест методической грамотности",
        instructions="Выберите один вариант в каждом вопросе.",
    )
    items = [
        factories.choice_item(instrument, [met], text="Что такое УУД?"),
        factories.choice_item(instrument, [met], text="Как ставить цель урока?"),
        factories.choice_item(instrument, [psy], text="Что такое зона ближайшего развития?"),
        factories.choice_item(instrument, [psy], text="Как учитывать темперамент?"),
        factories.choice_item(instrument, [com], text="Как начать трудный разговор?"),
    ]
    campaign = factories.CampaignFactory(
        title="Весенняя диагностика", instrument=instrument, region=region
    )
    user = factories.teacher_user(person)
    user.set_password(PASSWORD)
    user.save()
    services.assign_campaign(campaign, by=user)
    return user, person, items


def choose(page, item, option_text):
    form = page.locator(f"#item-{item.pk}")
    form.get_by_label(option_text).check()
    expect(page.locator(f"#item-{item.pk} .item-status")).to_have_text("Сохранено")


def test_teacher_takes_a_diagnostic_and_sees_the_deficits(page, live_server, region):
    user, person, items = build_diagnostic(region)
    login(page, live_server, user.username, PASSWORD)

    page.get_by_role("link", name="Все мои диагностики").click()
    expect(page.locator("h1")).to_have_text("Мои диагностики")
    page.get_by_role("link", name="Начать").click()
    expect(page.locator("h1")).to_have_text("Весенняя диагностика")
    expect(page.get_by_text("Выберите один вариант в каждом вопросе.")).to_be_visible()
    expect(page.locator("#answered-counter")).to_have_text("Отвечено 0 из 5")

    choose(page, items[0], "Вариант 1")
    choose(page, items[1], "Вариант 1")
    expect(page.locator("#answered-counter")).to_have_text("Отвечено 2 из 5")

    page.get_by_role("link", name="ПрофРост").click()
    assigned = page.locator("#assigned-diagnostics")
    expect(assigned).to_contain_text("Весенняя диагностика")
    assigned.get_by_role("link", name="Продолжить").click()
    expect(page.locator("#answered-counter")).to_have_text("Отвечено 2 из 5")
    expect(page.locator(f"#item-{items[0].pk}").get_by_label("Вариант 1")).to_be_checked()
    expect(page.locator(f"#item-{items[1].pk}").get_by_label("Вариант 1")).to_be_checked()
    expect(page.locator(f"#item-{items[2].pk}").get_by_label("Вариант 1")).not_to_be_checked()

    choose(page, items[2], "Вариант 1")
    choose(page, items[3], "Вариант 2")
    choose(page, items[4], "Вариант 2")
    expect(page.locator("#answered-counter")).to_have_text("Отвечено 5 из 5")

    page.get_by_role("link", name="Завершить").last.click()
    expect(page.get_by_text("Вы ответили на все вопросы.")).to_be_visible()
    page.get_by_role("button", name="Завершить").click()

    results = page.locator("#attempt-results")
    expect(results.locator("tr[data-competence='B.MET'] .badge")).to_have_text("Сформирована")
    expect(results.locator("tr[data-competence='B.PSY'] .badge")).to_have_text(
        "Частично сформирована"
    )
    expect(results.locator("tr[data-competence='B.COM'] .badge")).to_have_text("Дефицит")
    expect(results.locator("tr[data-competence='B.PSY']")).to_contain_text("50")

    page.get_by_role("link", name="Карта профессиональных дефицитов").click()
    assert page.url == f"{live_server.url}/diagnostics/people/{person.pk}/map/"
    deficits = page.locator("#map-deficits tbody tr")
    expect(deficits).to_have_count(2)
    expect(page.locator("#map-deficits")).to_contain_text("Учёт возрастных особенностей")
    expect(page.locator("#map-deficits")).to_contain_text("Общение с родителями")
    expect(page.locator("#map-deficits")).not_to_contain_text("Проектирование урока")
