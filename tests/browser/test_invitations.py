"""Issue 13, «Done when»: a school administrator selects three teachers in the staff list and
invites them; each invitation arrives over SMTP; one teacher opens the link, sets a password,
enables TOTP, logs out, and logs in again with a code."""

import re
import time
from email import message_from_bytes, policy

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from profrost.core.roles import Role
from tests import factories
from tests.browser.conftest import login

ADMIN_PASSWORD = "verno-123-parol"
NEW_PASSWORD = "Сирень-у-дома-2027"
TEACHERS = [
    ("Соколова", "Анна", "sokolova@school-a.ru"),
    ("Орлов", "Пётр", "orlov@school-a.ru"),
    ("Лебедева", "Мария", "lebedeva@school-a.ru"),
]
TOTP_PERIOD = 30


@pytest.fixture
def school(two_orgs):
    org = two_orgs["org_a"]
    teachers = [
        factories.EmploymentFactory(
            organization=org,
            person__last_name=last,
            person__first_name=first,
            person__email=email,
        ).person
        for last, first, email in TEACHERS
    ]
    admin = factories.user_with_role(
        Role.ORGANIZATION_ADMIN, org, first_name="Ирина", password=ADMIN_PASSWORD
    )
    return {"teachers": teachers, "admin": admin}


def totp_code(secret):
    """The code the authenticator app shows now, taken early enough in its 30 s step that it
    is still valid when the server checks it."""
    if TOTP_PERIOD - time.time() % TOTP_PERIOD < 3:
        time.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD))


def letters(inbox):
    """{recipient: plain text body} of what the SMTP server received."""
    received = {}
    for recipients, content in inbox.messages:
        letter = message_from_bytes(content, policy=policy.default)
        for recipient in recipients:
            received[recipient] = letter.get_body(("plain",)).get_content()
    return received


def log_out(page):
    """«Выйти» in the menu bar."""
    with page.expect_navigation():
        page.locator("#mainnav").get_by_role("button", name="Выйти").click()


def invite_three(page, live_server, school):
    login(page, live_server, school["admin"].username, ADMIN_PASSWORD)
    page.goto(f"{live_server.url}/registry/people/")
    for person in school["teachers"]:
        page.check(f'input[name="ids"][value="{person.pk}"]')
    with page.expect_navigation():
        page.get_by_role("button", name="Пригласить выбранных").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Отправить приглашения").click()


def accept_invitation(page, link):
    page.goto(link)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить пароль и войти").click()


def activate_totp(page, live_server):
    """Open the set-up page, read the secret it shows (as a person would type it into the
    app) and confirm it with a code; the secret."""
    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", totp_code(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Активировать").click()
    return secret


def test_a_school_admin_invites_three_teachers_and_one_signs_in_with_totp(
    page, live_server, school, smtp_server
):
    invite_three(page, live_server, school)

    assert page.locator("h1").inner_text() == "Приглашено 3 человека"
    received = letters(smtp_server)
    assert sorted(received) == sorted(email for _last, _first, email in TEACHERS)
    assert all("/accounts/invitation/" in body for body in received.values())

    link = re.search(rf"{live_server.url}/accounts/invitation/\S+/", received[TEACHERS[0][2]])
    log_out(page)
    accept_invitation(page, link.group(0))

    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text() == "Здравствуйте, Анна!"

    secret = activate_totp(page, live_server)
    teacher = factories.User.objects.get(email=TEACHERS[0][2])
    kinds = teacher.authenticator_set.values_list("type", flat=True)
    assert sorted(kinds) == ["recovery_codes", "totp"]

    log_out(page)
    login(page, live_server, TEACHERS[0][2], NEW_PASSWORD)
    assert page.url == f"{live_server.url}/accounts/2fa/authenticate/"
    page.fill("input[name=code]", totp_code(secret))
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Войти").click()

    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text() == "Здравствуйте, Анна!"
