from profrost.core.roles import Role
from tests import factories
from tests.browser.conftest import login


def test_login_greets_the_user_on_the_home_page(page, live_server, region):
    user = factories.user_with_role(
        Role.REGIONAL_ADMIN, region, first_name="Мария", password="verno-123-parol"
    )

    login(page, live_server, user.username, "verno-123-parol")

    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text() == "Здравствуйте, Мария!"


def test_login_with_a_wrong_password_shows_an_error(page, live_server, region):
    user = factories.user_with_role(Role.REGIONAL_ADMIN, region, password="verno-123-parol")

    login(page, live_server, user.username, "ne-tot-parol")

    assert page.url == f"{live_server.url}/accounts/login/"
    assert page.locator(".alert-danger").inner_text() == "Неверное имя пользователя или пароль."
