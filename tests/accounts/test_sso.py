"""Single sign-on against a real OpenID Connect provider started for these tests
(tests/oidc_provider): ПрофРост's side runs in the test client, the provider's login page is
filled in over HTTP, and the code goes back to ПрофРост's callback, which fetches the tokens
from the provider for real."""

import json
import os
import subprocess
import sys

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from profrost.accounts.social import CONNECT_REFUSED, Refusal
from profrost.core.models import AuditEntry, RoleAssignment
from profrost.core.roles import Role
from profrost.settings import oidc_apps
from tests import factories
from tests import oidc_provider as portal

User = get_user_model()
LOGIN_URL = "/accounts/oidc/region/login/"
CALLBACK = "http://testserver/accounts/oidc/region/login/callback/"


@pytest.fixture(scope="module")
def provider():
    with portal.running([CALLBACK]) as provider:
        yield provider


@pytest.fixture
def sso(db, settings, provider):
    settings.SOCIALACCOUNT_PROVIDERS = provider.socialaccount_providers()
    return provider


def log_in_through_portal(client, provider, username, process="login"):
    started = client.post(f"{LOGIN_URL}?process={process}")
    assert started.status_code == 302
    assert started["Location"].startswith(f"{provider.issuer}/authorize/")
    callback = provider.log_in(started["Location"], username)
    assert callback.startswith(CALLBACK)
    return client.get(callback, follow=True)


def logged_in_user(client):
    return client.get("/").wsgi_request.user


def page_messages(response):
    return [str(message) for message in response.context["messages"]]


def test_oidc_apps_are_empty_without_a_server_url():
    assert oidc_apps("", "client", "secret") == []


def test_environment_alone_configures_the_provider():
    env = {
        **os.environ,
        "OIDC_SERVER_URL": "https://sso.example.ru/realms/edu",
        "OIDC_CLIENT_ID": "profrost",
        "OIDC_CLIENT_SECRET": "s3cret",
        "OIDC_SCOPES": "openid email snils",
    }
    code = "import json, profrost.settings as s; print(json.dumps(s.SOCIALACCOUNT_PROVIDERS))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=portal.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert json.loads(result.stdout)["openid_connect"]["APPS"] == [
        {
            "provider_id": "region",
            "name": "Вход через региональный портал",
            "client_id": "profrost",
            "secret": "s3cret",
            "settings": {
                "server_url": "https://sso.example.ru/realms/edu",
                "oauth_pkce_enabled": True,
                "scope": ["openid", "email", "snils"],
            },
        }
    ]


def test_login_page_shows_the_portal_button_only_when_configured(client, db, settings, provider):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    assert portal.NAME not in client.get("/accounts/login/").content.decode()

    settings.SOCIALACCOUNT_PROVIDERS = provider.socialaccount_providers()
    page = client.get("/accounts/login/").content.decode()

    assert portal.NAME in page
    assert f'action="{LOGIN_URL}"' in page


def test_sso_logs_in_the_account_with_the_verified_email(client, sso, region):
    user = factories.user_with_role(
        Role.REGIONAL_ADMIN, region, email="Maria.Ivanova@School.example", first_name="Мария"
    )

    response = log_in_through_portal(client, sso, "maria")

    assert response.redirect_chain[-1][0] == "/"
    assert logged_in_user(client) == user
    assert SocialAccount.objects.get().user == user
    entry = AuditEntry.objects.get(action="accounts.oidc.linked")
    assert (entry.actor, entry.object_id) == (user, str(user.pk))
    assert entry.data["found_by"] == ["email"]


def test_sso_changes_neither_the_name_nor_the_roles(client, sso, region):
    user = factories.user_with_role(
        Role.REGIONAL_ADMIN, region, email="maria.ivanova@school.example", first_name="Мария"
    )

    log_in_through_portal(client, sso, "maria")

    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Мария", "")
    assert list(RoleAssignment.objects.values_list("user", "role")) == [
        (user.pk, Role.REGIONAL_ADMIN)
    ]


def test_sso_finds_the_account_by_the_snils_of_its_person(client, sso):
    person = factories.PersonFactory(snils="11223344595")
    user = factories.UserFactory(person=person, email="petrov@school.example")

    log_in_through_portal(client, sso, "petr")

    assert logged_in_user(client) == user
    entry = AuditEntry.objects.get(action="accounts.oidc.linked")
    assert entry.data["found_by"] == ["snils"]


def test_sso_uses_the_connection_the_second_time(client, sso):
    user = factories.UserFactory(email="maria.ivanova@school.example")
    log_in_through_portal(client, sso, "maria")
    client.logout()
    user.email = "new-address@school.example"
    user.save()

    log_in_through_portal(client, sso, "maria")

    assert logged_in_user(client) == user
    assert AuditEntry.objects.filter(action="accounts.oidc.linked").count() == 1


def test_sso_without_a_matching_account_creates_nothing(client, sso):
    factories.UserFactory(email="someone@school.example")

    response = log_in_through_portal(client, sso, "stranger")

    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert page_messages(response) == [Refusal.NOT_FOUND.label]
    assert not logged_in_user(client).is_authenticated
    assert User.objects.count() == 1
    assert not SocialAccount.objects.exists()
    assert AuditEntry.objects.get().action == "accounts.oidc.refused"


def test_sso_does_not_trust_an_unverified_email(client, sso):
    factories.UserFactory(email="olga@school.example")

    response = log_in_through_portal(client, sso, "olga")

    assert page_messages(response) == [Refusal.NOT_FOUND.label]
    assert not logged_in_user(client).is_authenticated


def test_sso_refuses_when_email_and_snils_point_to_two_accounts(client, sso):
    factories.UserFactory(email="petr@mail.example")
    factories.UserFactory(person=factories.PersonFactory(snils="11223344595"))

    response = log_in_through_portal(client, sso, "petr")

    assert page_messages(response) == [Refusal.AMBIGUOUS.label]
    assert not logged_in_user(client).is_authenticated
    assert not SocialAccount.objects.exists()


def test_sso_refuses_a_deactivated_account(client, sso):
    factories.UserFactory(email="maria.ivanova@school.example", is_active=False)

    response = log_in_through_portal(client, sso, "maria")

    assert page_messages(response) == [Refusal.DISABLED.label]
    assert not logged_in_user(client).is_authenticated
    assert not SocialAccount.objects.exists()


def test_sso_refuses_a_connected_account_once_deactivated(client, sso):
    user = factories.UserFactory(email="maria.ivanova@school.example")
    log_in_through_portal(client, sso, "maria")
    client.logout()
    user.is_active = False
    user.save()

    response = log_in_through_portal(client, sso, "maria")

    assert response.redirect_chain[-1][0] == "/accounts/inactive/"
    assert not logged_in_user(client).is_authenticated


def test_sso_still_asks_for_the_second_factor(client, sso):
    user = factories.UserFactory(email="maria.ivanova@school.example")
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")

    response = log_in_through_portal(client, sso, "maria")

    assert response.redirect_chain[-1][0] == "/accounts/2fa/authenticate/"
    assert not logged_in_user(client).is_authenticated


def test_sso_sends_whom_the_factor_is_required_of_to_its_set_up(client, sso, settings):
    settings.MFA_REQUIRED_FOR = ["superuser"]
    user = factories.UserFactory(email="maria.ivanova@school.example", is_superuser=True)
    user.set_unusable_password()  # invited, never set a password: the portal is the way in
    user.save()

    log_in_through_portal(client, sso, "maria")
    response = client.get("/", follow=True)

    assert response.redirect_chain == [("/accounts/2fa/totp/activate/", 302)]
    assert "data:image/svg+xml;base64," in response.content.decode()  # no password asked


def test_sso_is_not_stopped_by_a_password_lockout(client, sso, settings):
    settings.AXES_ENABLED = True
    user = factories.UserFactory(username="maria", email="maria.ivanova@school.example")
    for _ in range(11):
        client.post("/accounts/login/", {"login": "maria", "password": "wrong-password"})
    locked = client.post("/accounts/login/", {"login": "maria", "password": "secret-pass-123"})
    assert locked.status_code == 429

    log_in_through_portal(client, sso, "maria")

    assert logged_in_user(client) == user


def test_sso_identity_is_not_connected_by_hand(client, sso):
    user = factories.UserFactory(email="someone@school.example")
    client.force_login(user)

    response = log_in_through_portal(client, sso, "maria", process="connect")

    assert response.redirect_chain[-1][0] == "/accounts/3rdparty/"
    assert page_messages(response) == [str(CONNECT_REFUSED)]
    assert not SocialAccount.objects.exists()


def test_connections_page_disconnects_the_portal(client, sso):
    factories.UserFactory(email="maria.ivanova@school.example")
    log_in_through_portal(client, sso, "maria")
    account = SocialAccount.objects.get()

    page = client.get("/accounts/3rdparty/").content.decode()
    response = client.post("/accounts/3rdparty/", {"account": account.pk})

    assert "В эту учётную запись можно входить через региональный портал" in page
    assert response.status_code == 302
    assert not SocialAccount.objects.exists()


def test_a_provider_that_does_not_answer_gives_the_error_page(client, db, settings, provider):
    with portal.running([CALLBACK]) as gone:
        settings.SOCIALACCOUNT_PROVIDERS = gone.socialaccount_providers()

    response = client.post(LOGIN_URL)

    assert response.status_code == 401
    assert "Вход через региональный портал не удался" in response.content.decode()


def test_the_only_way_in_is_not_disconnected(client, sso):
    user = factories.UserFactory(email="maria.ivanova@school.example")
    user.set_unusable_password()
    user.save()
    log_in_through_portal(client, sso, "maria")

    response = client.post("/accounts/3rdparty/", {"account": SocialAccount.objects.get().pk})

    assert "Отвязать нельзя: у учётной записи нет пароля ПрофРост" in response.content.decode()
    assert SocialAccount.objects.filter(user=user).exists()
