"""The bell in the browser: the teacher finds her overdue checkpoint among «Мои задачи» on the
home page and marks it, the tutor's bell counts it, and opening the notification leads to the
route and clears the count."""

from playwright.sync_api import expect

from profrost.routes import services
from tests.browser.conftest import login
from tests.routes.factories import (
    CheckpointFactory,
    RouteFactory,
    RouteItemFactory,
    days,
    route_people,
)

PASSWORD = "verno-123-parol"
TOLD = "Контрольная точка «Открытый урок» отмечена педагогом"


def running_route(people):
    route = RouteFactory(person=people["person"], tutor=people["tutor"], title="ИОМ Альфиной")
    RouteItemFactory(route=route, covers=[people["deficit_met"]], title="Курс по уроку")
    RouteItemFactory(route=route, covers=[people["deficit_psy"]], title="Работа в ШМО")
    services.agree_route(route, by=people["methodist"])
    services.start_route(route, by=people["methodist"])
    CheckpointFactory(item=route.items.first(), title="Открытый урок", due_on=days(-3))
    for key in ("teacher", "tutor_user"):
        people[key].set_password(PASSWORD)
        people[key].save()
    return route


def test_teacher_marks_a_checkpoint_and_the_tutors_bell_counts_it(
    browser, page, live_server, two_orgs
):
    people = route_people(two_orgs)
    route = running_route(people)
    tutor = browser.new_context(locale="ru-RU").new_page()
    login(tutor, live_server, people["tutor_user"].username, PASSWORD)
    expect(tutor.locator("#bell [data-unread]")).to_have_count(0)

    login(page, live_server, people["teacher"].username, PASSWORD)
    task = page.locator("#my-checkpoints .task").first
    expect(task).to_contain_text("Открытый урок")
    expect(task).to_contain_text("просрочено")
    with page.expect_navigation():
        task.click()
    assert page.url.startswith(f"{live_server.url}/routes/{route.pk}/")
    expect(page.get_by_text("(просрочена)")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="отметить", exact=True).click()
    expect(page.get_by_text("(выполнена")).to_be_visible()

    tutor.reload()
    expect(tutor.locator("#bell [data-unread]")).to_have_text("1")
    tutor.locator("#bell").click()
    expect(tutor.locator("h1")).to_have_text("Уведомления")
    with tutor.expect_navigation():
        tutor.get_by_role(
            "link", name="Контрольная точка «Открытый урок» отмечена педагогом"
        ).click()
    assert tutor.url.startswith(f"{live_server.url}/routes/{route.pk}/")
    expect(tutor.locator("#bell [data-unread]")).to_have_count(0)
    tutor.context.close()
