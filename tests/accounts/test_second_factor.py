"""The second factor: required roles set it up before anything else; then logging in asks for
a code from the authenticator app (TOTP) or a recovery code."""

import time
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.utils import timezone

from profrost.core.roles import Role
from tests import factories

PASSWORD = "secret-pass-123"


def code(secret, moment=None):
    return format_hotp_value(hotp_value(secret, int(moment or time.time()) // 30))


def login(client, typed, password=PASSWORD):
    return client.post("/accounts/login/", {"login": typed, "password": password})


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_FOR = ["superuser", "regional_admin"]


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root", is_superuser=True, is_staff=True)


def set_up_totp(client):
    """Open the set-up page and confirm it with a code of the secret it shows; the secret."""
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post("/accounts/2fa/totp/activate/", {"code": code(secret)})
    assert response.status_code == 302
    return secret


def test_a_superuser_without_a_second_factor_sees_its_set_up_first(client, superuser, required):
    login(client, "root")

    for path in ("/", "/registry/organizations/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/totp/activate/", path
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    assert "data:image/svg+xml;base64," in page  # the QR code for the app


def test_roles_not_named_are_not_asked(client, db, required):
    teacher = factories.UserFactory(username="teacher")

    login(client, "teacher")

    assert client.get("/").status_code == 200
    assert teacher.is_authenticated


def test_a_regional_administrator_is_asked_when_named(client, db, required):
    region = factories.RegionFactory()
    factories.user_with_role(Role.REGIONAL_ADMIN, region, username="region")

    login(client, "region")

    assert client.get("/")["Location"] == "/accounts/2fa/totp/activate/"


def test_after_set_up_the_login_asks_for_a_code(client, superuser, required):
    login(client, "root")
    secret = set_up_totp(client)
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")

    later = timezone.now() + timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        response = login(client, "root")
        assert response["Location"] == "/accounts/2fa/authenticate/"
        assert client.get("/").status_code == 302  # not in yet

        wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
        assert "Неверный код" in wrong.content.decode()
        right = client.post(
            "/accounts/2fa/authenticate/", {"code": code(secret, later.timestamp())}
        )
        assert right.status_code == 302
        assert client.get("/").status_code == 200


def test_the_admin_is_entered_through_the_site_login(client, db):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
