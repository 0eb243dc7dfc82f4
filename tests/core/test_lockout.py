"""Password guessing: a login or an address is locked out after its limit of failures."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from profrost.core.models import AuditEntry
from tests import factories

PASSWORD = "secret-pass-123"
LOCKOUT = timedelta(minutes=15)


@pytest.fixture(autouse=True)
def lockout_on(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def user(db):
    return factories.UserFactory(username="ivanova")


def form_login(client, username, password, address="10.0.0.1"):
    return client.post(
        "/accounts/login/", {"login": username, "password": password}, REMOTE_ADDR=address
    )


def token_login(username, password, address="10.0.0.1"):
    return APIClient().post(
        "/api/token/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/"


def fail(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        form_login(client, username, "wrong-password", address)


def test_lockout_refuses_the_right_password_on_the_form(user, client):
    fail(client, "ivanova", 11)

    response = form_login(client, "ivanova", PASSWORD)

    assert response.status_code == 429
    content = response.content.decode()
    assert "Слишком много неудачных попыток входа" in content
    assert "через 15 мин." in content
    assert "ПрофРост" in content
    assert "_auth_user_id" not in client.session


def test_lockout_refuses_the_right_password_on_the_token_endpoint(user, client):
    fail(client, "ivanova", 11)

    response = token_login("ivanova", PASSWORD)

    assert response.status_code == 429
    assert response.json()["detail"].startswith("Слишком много неудачных попыток входа")
    assert response["Retry-After"] == "900"


def test_lockout_counts_failures_on_the_token_endpoint(user, client):
    for _ in range(10):
        token_login("ivanova", "wrong-password")

    assert form_login(client, "ivanova", PASSWORD).status_code == 429


def test_lockout_starts_at_the_tenth_failure(user, client):
    fail(client, "ivanova", 9)

    assert logged_in(form_login(client, "ivanova", PASSWORD))


def test_lockout_ends_after_fifteen_minutes(user, client):
    fail(client, "ivanova", 11)
    assert form_login(client, "ivanova", PASSWORD).status_code == 429

    with time_machine.travel(timezone.now() + LOCKOUT + timedelta(seconds=1)):
        assert token_login("ivanova", PASSWORD).status_code == 200
        assert logged_in(form_login(client, "ivanova", PASSWORD))


def test_lockout_still_holds_just_before_fifteen_minutes(user, client):
    fail(client, "ivanova", 10)

    with time_machine.travel(timezone.now() + LOCKOUT - timedelta(seconds=5)):
        assert form_login(client, "ivanova", PASSWORD).status_code == 429


def test_lockout_of_one_login_leaves_other_logins_alone(user, client):
    factories.UserFactory(username="petrov")
    fail(client, "ivanova", 10)

    assert logged_in(form_login(client, "petrov", PASSWORD))


def test_lockout_of_an_address_after_thirty_failures_across_logins(user, client):
    for n in range(30):
        form_login(client, f"guess{n}", "wrong-password", address="10.0.0.66")

    assert form_login(client, "ivanova", PASSWORD, address="10.0.0.66").status_code == 429
    assert token_login("ivanova", PASSWORD, address="10.0.0.66").status_code == 429
    assert logged_in(form_login(client, "ivanova", PASSWORD, address="10.0.0.7"))


def test_lockout_of_an_address_needs_thirty_failures(user, client):
    for n in range(29):
        form_login(client, f"guess{n}", "wrong-password", address="10.0.0.66")

    assert logged_in(form_login(client, "ivanova", PASSWORD, address="10.0.0.66"))


def test_lockout_count_is_reset_by_a_successful_login(user, client):
    fail(client, "ivanova", 9)
    assert logged_in(form_login(client, "ivanova", PASSWORD))
    client.logout()

    fail(client, "ivanova", 9)

    assert logged_in(form_login(client, "ivanova", PASSWORD))


def test_lockout_reset_by_a_login_keeps_the_address_count(user, client):
    factories.UserFactory(username="insider")
    for n in range(29):
        form_login(client, f"guess{n}", "wrong-password", address="10.0.0.66")
    assert logged_in(form_login(client, "insider", PASSWORD, address="10.0.0.66"))
    client.logout()

    form_login(client, "guess-more", "wrong-password", address="10.0.0.66")

    assert form_login(client, "ivanova", PASSWORD, address="10.0.0.66").status_code == 429


def test_lockout_audits_each_failure(user, client):
    fail(client, "ivanova", 3)
    token_login("nobody", "wrong-password", address="10.0.0.9")

    entries = AuditEntry.objects.filter(action="core.login.failed").order_by("pk")
    assert [(e.object_id, e.data) for e in entries] == [
        *[
            (
                str(user.pk),
                {"username": "ivanova", "ip_address": "10.0.0.1", "path": "/accounts/login/"},
            )
        ]
        * 3,
        ("", {"username": "nobody", "ip_address": "10.0.0.9", "path": "/api/token/"}),
    ]


def test_lockout_audits_the_lockout(user, client):
    fail(client, "ivanova", 10)

    entries = AuditEntry.objects.filter(action="core.login.locked_out")
    assert [(e.object_id, e.data["ip_address"]) for e in entries] == [(str(user.pk), "10.0.0.1")]


def test_lockout_reads_the_address_behind_a_trusted_proxy(user, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    def behind_proxy(username, password, forwarded):
        return client.post(
            "/accounts/login/",
            {"login": username, "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    # What the client writes itself into the header (1.2.3.4) is not its address.
    for n in range(30):
        behind_proxy(f"guess{n}", "wrong-password", f"1.2.3.{n}, 10.0.0.66")

    assert behind_proxy("ivanova", PASSWORD, "10.0.0.66").status_code == 429
    assert logged_in(behind_proxy("ivanova", PASSWORD, "10.0.0.7"))
