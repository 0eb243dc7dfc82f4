"""«Мои задачи» on a phone: the teacher's home page lists her overdue checkpoint first and leads
to it; the tutor's home page lists it to check. Nothing is wider than the screen."""

from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.browser.test_notifications import PASSWORD, running_route
from tests.routes.factories import CheckpointFactory, days, route_people

PHONE = {"width": 375, "height": 740}


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_teacher_sees_her_overdue_checkpoint_on_a_phone(browser, live_server, two_orgs):
    people = route_people(two_orgs)
    route = running_route(people)
    CheckpointFactory(item=route.items.first(), title="Самоанализ урока", due_on=days(7))
    page = browser.new_context(locale="ru-RU", viewport=PHONE).new_page()

    login(page, live_server, people["teacher"].username, PASSWORD)
    tasks = page.locator("#my-checkpoints .task")
    expect(tasks).to_have_count(2)
    expect(tasks.first).to_contain_text("Открытый урок")
    expect(tasks.first).to_contain_text(f"просрочено срок {days(-3):%d.%m.%Y}")
    expect(tasks.nth(1)).not_to_contain_text("просрочено")
    assert fits_the_screen(page)
    with page.expect_navigation():
        tasks.first.click()
    assert page.url.startswith(f"{live_server.url}/routes/{route.pk}/")

    tutor = browser.new_context(locale="ru-RU", viewport=PHONE).new_page()
    login(tutor, live_server, people["tutor_user"].username, PASSWORD)
    expect(tutor.locator("#tutor-checkpoints .task").first).to_contain_text("Открытый урок")
    assert fits_the_screen(tutor)
    page.context.close()
    tutor.context.close()
