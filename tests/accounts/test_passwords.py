"""Logging in by login or e-mail, changing a password, and resetting it by e-mail (allauth)."""

import re

import pytest
from django.core import mail

from profrost.core.models import AuditEntry
from tests import factories

PASSWORD = "secret-pass-123"
NEW_PASSWORD = "Сирень-у-дома-2027"


@pytest.fixture
def user(db):
    return factories.UserFactory(username="ivanova", email="ivanova@school5.ru")


def login(client, typed, password):
    return client.post("/accounts/login/", {"login": typed, "password": password})


def test_login_page_is_russian_with_a_way_to_reset(client, db):
    page = client.get("/accounts/login/").content.decode()

    assert "Логин или адрес электронной почты" in page
    assert "Забыли пароль?" in page
    assert "/accounts/password/reset/" in page


@pytest.mark.parametrize("typed", ["ivanova", "IVANOVA@school5.ru"])
def test_login_by_login_or_by_email(client, user, typed):
    response = login(client, typed, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").context["user"] == user


def test_wrong_password_is_refused_in_russian(client, user):
    response = login(client, "ivanova@school5.ru", "wrong-password")

    assert response.status_code == 200
    assert "Неверное имя пользователя или пароль." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_nobody_signs_up_by_themselves(client, db):
    response = client.post(
        "/accounts/signup/",
        {"username": "intruder", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert "Регистрация не нужна" in response.content.decode()
    assert not factories.User.objects.filter(username="intruder").exists()


def test_password_change_checks_the_validators(client, user):
    client.force_login(user)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "12345678", "password2": "12345678"},
    )

    page = response.content.decode()
    assert "Введённый пароль слишком широко распространён." in page
    assert "Введённый пароль состоит только из цифр." in page
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_takes_the_new_password(client, user):
    client.force_login(user)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_change_needs_a_login(client, db):
    response = client.get("/accounts/password/change/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def reset_link(message):
    return re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", message.body)[1]


def test_password_reset_by_email(client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "ivanova@school5.ru"})

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["ivanova@school5.ru"]
    assert message.subject == "ПрофРост: восстановление пароля"
    assert "«ivanova»" in message.body

    form = client.get(reset_link(message), follow=True)
    assert "Новый пароль" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    again = client.get(reset_link(message), follow=True)
    assert "Ссылка недействительна" in again.content.decode()


def test_password_reset_tells_nothing_about_unknown_addresses(
    client, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/accounts/password/reset/", {"email": "ivanova@school5.ru"})
        unknown = client.post("/accounts/password/reset/", {"email": "nobody@school5.ru"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m.to for m in mail.outbox] == [["ivanova@school5.ru"], ["nobody@school5.ru"]]
    assert "учётной записи с этим адресом нет" in mail.outbox[1].body


def test_guesses_by_login_and_by_email_count_together(client, user, settings):
    settings.AXES_ENABLED = True
    for n in range(10):
        login(client, "ivanova" if n % 2 else "ivanova@school5.ru", "wrong-password")

    refused = login(client, "ivanova@school5.ru", PASSWORD)

    assert refused.status_code == 429
    assert "Слишком много неудачных попыток входа" in refused.content.decode()
    failures = AuditEntry.objects.filter(action="core.login.failed")
    assert {entry.object_id for entry in failures} == {str(user.pk)}


def test_account_menu_pages_open_inside_the_layout(client, user):
    client.force_login(user)

    for path in (
        "/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/reauthenticate/",
    ):
        response = client.get(path)
        page = response.content.decode()
        assert response.status_code == 200, path
        assert "Сменить пароль" in page, path  # the user menu of base.html
