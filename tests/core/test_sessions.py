"""A session ends after eight hours without a request."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from tests import factories


def opens_home(client):
    return client.get("/").status_code == 200


def test_session_ends_after_eight_idle_hours(db, client):
    client.force_login(factories.UserFactory())
    start = timezone.now()

    with time_machine.travel(start + timedelta(hours=8, minutes=1)):
        response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_session_lives_on_while_it_is_used(db, client):
    client.force_login(factories.UserFactory())
    start = timezone.now()

    with time_machine.travel(start + timedelta(hours=7)):
        assert opens_home(client)
    with time_machine.travel(start + timedelta(hours=14)):
        assert opens_home(client)


def test_session_idle_time_is_a_setting(db, client, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    client.force_login(factories.UserFactory())
    start = timezone.now()

    with time_machine.travel(start + timedelta(minutes=31)):
        assert not opens_home(client)
