"""API tokens expire, are revoked at logout and by their owner."""

from datetime import timedelta

import time_machine
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from profrost.core.models import AuditEntry
from tests import factories

PASSWORD = "secret-pass-123"
EXPIRED = "Срок действия токена истёк. Получите новый: POST /api/token/."


def obtain(user):
    response = APIClient().post(
        "/api/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def with_token(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_token_works_within_thirty_days(db):
    key = obtain(factories.UserFactory())

    with time_machine.travel(timezone.now() + timedelta(days=29, hours=23)):
        assert with_token(key).get("/api/me/").status_code == 200


def test_token_is_refused_after_thirty_days(db):
    key = obtain(factories.UserFactory())

    with time_machine.travel(timezone.now() + timedelta(days=30, minutes=1)):
        response = with_token(key).get("/api/me/")

    assert response.status_code == 403
    assert response.json() == {"detail": EXPIRED}


def test_token_lifetime_is_a_setting(db, settings):
    settings.API_TOKEN_LIFETIME = timedelta(days=1)
    key = obtain(factories.UserFactory())

    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert with_token(key).get("/api/me/").status_code == 403


def test_token_expired_is_replaced_by_a_new_one(db):
    user = factories.UserFactory()
    old = obtain(user)

    with time_machine.travel(timezone.now() + timedelta(days=31)):
        new = obtain(user)
        assert with_token(new).get("/api/me/").status_code == 200

    assert new != old
    assert list(Token.objects.filter(user=user).values_list("key", flat=True)) == [new]


def test_token_obtained_twice_is_the_same(db):
    user = factories.UserFactory()

    assert obtain(user) == obtain(user)
    issued = AuditEntry.objects.filter(action="core.token.issued", object_id=str(user.pk))
    assert issued.count() == 1


def test_token_is_revoked_at_logout(db, client):
    user = factories.UserFactory()
    key = obtain(user)
    client.force_login(user)

    client.post("/accounts/logout/")

    response = with_token(key).get("/api/me/")
    assert response.status_code == 403
    assert not Token.objects.filter(user=user).exists()
    assert AuditEntry.objects.get(action="core.token.revoked").data == {"reason": "logout"}


def test_token_revoked_by_its_owner(db):
    user, other = factories.UserFactory(), factories.UserFactory()
    key, other_key = obtain(user), obtain(other)

    response = with_token(key).delete("/api/token/")

    assert response.status_code == 204
    assert with_token(key).get("/api/me/").status_code == 403
    assert with_token(other_key).get("/api/me/").status_code == 200
    assert AuditEntry.objects.get(action="core.token.revoked").object_id == str(user.pk)


def test_token_revoked_within_a_session(db):
    user = factories.UserFactory()
    key = obtain(user)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/")  # a page with a form sets the CSRF cookie

    response = client.delete("/api/token/", HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)

    assert response.status_code == 204
    assert with_token(key).get("/api/me/").status_code == 403


def test_token_revoking_needs_a_login(db):
    assert APIClient().delete("/api/token/").status_code == 403
