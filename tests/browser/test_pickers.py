"""The person picker in the browser: the regional methodist changes a route's tutor by typing
part of the surname, sees the organization and position beside each name, and saves."""

from playwright.sync_api import expect

from profrost.core.models import User
from profrost.registry.lookups import job_hint, with_job
from profrost.routes.forms import tutor_choices
from profrost.routes.models import Route, RouteStatus
from tests.browser.conftest import login
from tests.browser.test_loop import DEMO_PASSWORD, METHODIST, load_demo

OPEN = (RouteStatus.DRAFT, RouteStatus.AGREED, RouteStatus.IN_PROGRESS)


def route_and_new_tutor(user):
    """An open demo route and a tutor it could have instead of its own."""
    route = Route.objects.filter(status__in=OPEN).select_related("person").order_by("pk").first()
    assert route is not None, "в демо-данных нет открытого маршрута"
    candidates = tutor_choices(user, route.person, route.tutor)
    if route.tutor_id:
        candidates = candidates.exclude(pk=route.tutor_id)
    tutor = with_job(candidates).exclude(job_organization=None).first()
    assert tutor is not None, "маршруту некого назначить тьютором"
    return route, tutor


def test_tutor_is_picked_by_typing_part_of_the_surname(page, live_server):
    load_demo()
    user = User.objects.get(username=METHODIST)
    route, tutor = route_and_new_tutor(user)

    login(page, live_server, METHODIST, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/routes/{route.pk}/edit/")
    # Only the current tutor is written into the page, not every candidate.
    expect(page.locator("#id_tutor option:not([value=''])")).to_have_count(
        1 if route.tutor_id else 0
    )
    # The box, not its input: Tom Select keeps the input off-screen beside a chosen item.
    page.locator("#id_tutor + .ts-wrapper .ts-control").click()
    page.keyboard.type(tutor.last_name[0], delay=30)
    expect(page.locator("#id_tutor-ts-dropdown")).to_contain_text("Введите хотя бы две буквы")
    page.keyboard.type(tutor.last_name[1:4].lower(), delay=30)
    option = page.locator(f'#id_tutor-ts-dropdown .option[data-value="{tutor.pk}"]')
    expect(option).to_contain_text(tutor.full_name)
    expect(option).to_contain_text(job_hint(tutor))
    option.click()
    expect(page.locator("#id_tutor + .ts-wrapper .item")).to_have_text(tutor.full_name)

    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".alert-success")).to_contain_text("Маршрут сохранён.")
    route.refresh_from_db()
    assert route.tutor == tutor
    expect(page.locator("main")).to_contain_text(tutor.full_name)
