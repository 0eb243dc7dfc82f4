"""Single sign-on in the browser: the login page's button leads to the region's provider (a
real OpenID Connect provider started for the test, tests/oidc_provider), and its login brings
the person back to ПрофРост inside the account the registry already gave them."""

import pytest

from profrost.accounts.social import Refusal
from profrost.core.roles import Role
from tests import factories
from tests import oidc_provider as portal


@pytest.fixture(scope="module")
def provider(live_server):
    callback = f"{live_server.url}/accounts/oidc/region/login/callback/"
    with portal.running([callback]) as provider:
        yield provider


@pytest.fixture
def sso(settings, provider):
    settings.SOCIALACCOUNT_PROVIDERS = provider.socialaccount_providers()
    return provider


def log_in_through_portal(page, live_server, provider, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name=portal.NAME).click()
    page.wait_for_url(lambda url: url.startswith(f"{provider.base_url}/login/"))
    assert page.locator("h1").inner_text() == "Региональный портал"
    page.fill("#username", username)
    page.fill("#password", portal.PASSWORD)
    page.get_by_role("button", name="Войти на портал").click()


def test_login_through_the_portal_into_the_existing_account(page, live_server, sso, region):
    factories.user_with_role(
        Role.REGIONAL_ADMIN,
        region,
        email="maria.ivanova@school.example",
        first_name="Мария",
        last_name="Иванова",
    )

    log_in_through_portal(page, live_server, sso, "maria")

    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Здравствуйте, Мария!"
    assert page.locator("nav .dropdown-toggle", has_text="Мария Иванова").count() == 1


def test_login_through_the_portal_without_an_account_is_refused(page, live_server, sso, db):
    log_in_through_portal(page, live_server, sso, "stranger")

    page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert page.locator(".alert-danger").inner_text() == Refusal.NOT_FOUND.label
