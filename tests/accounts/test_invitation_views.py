"""The invitation pages: the staff list's bulk action, the person card's block and the link
the invited person opens."""

import re
from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone

from profrost.accounts import services
from profrost.core.models import AuditEntry, RoleAssignment
from profrost.core.roles import Role
from tests import factories

NEW_PASSWORD = "Сирень-у-дома-2027"
BULK = "/registry/people/accounts/invite/"


def link_in(letter):
    return re.search(r"http://testserver(/accounts/invitation/\S+/)", letter.body).group(1)


def test_person_list_offers_the_bulk_invitation_to_a_school_admin(client, school):
    client.force_login(school["admin"])

    page = client.get("/registry/people/").content.decode()

    assert "Пригласить выбранных" in page
    assert f'name="ids" value="{school["teachers"][0].pk}"' in page


def test_person_list_has_no_checkboxes_for_a_teacher(client, school):
    client.force_login(factories.teacher_user(school["teachers"][0]))

    page = client.get("/registry/people/").content.decode()

    assert "Пригласить выбранных" not in page
    assert 'name="ids"' not in page


def test_bulk_invite_confirms_then_sends_three_letters(
    client, school, outsider, django_capture_on_commit_callbacks
):
    client.force_login(school["admin"])
    ids = [p.pk for p in [*school["teachers"], school["no_email"], outsider]]

    confirm = client.post(BULK, {"ids": ids}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(BULK, {"ids": ids, "confirm": "1"}).content.decode()

    assert "Пригласить выбранных?" in confirm
    assert "нет адреса электронной почты" in confirm
    assert "Бетова" not in confirm
    assert "ещё 1 — записи недоступны" in confirm
    assert "Приглашено 3 человека" in done
    assert sorted(letter.to[0] for letter in mail.outbox) == [
        "teacher1@school-a.ru",
        "teacher2@school-a.ru",
        "teacher3@school-a.ru",
    ]
    assert not factories.User.objects.filter(person=outsider).exists()


def test_bulk_invite_by_a_municipal_methodist_across_the_municipality(
    client, two_orgs, school, django_capture_on_commit_callbacks
):
    other_school = factories.OrganizationFactory(municipality=two_orgs["mun_a"])
    colleague = factories.EmploymentFactory(
        organization=other_school, person__email="colleague@school-c.ru"
    ).person
    client.force_login(factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"]))

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            BULK, {"ids": [colleague.pk, school["teachers"][0].pk], "confirm": "1"}
        ).content.decode()

    assert "Приглашено 2 человека" in done
    assert len(mail.outbox) == 2


def test_bulk_invite_is_refused_to_a_teacher(client, school):
    client.force_login(factories.teacher_user(school["no_email"]))

    response = client.post(BULK, {"ids": [school["teachers"][0].pk], "confirm": "1"})

    assert response.status_code == 403


def test_person_card_shows_the_account_block(client, school):
    client.force_login(school["admin"])
    teacher, no_email = school["teachers"][0], school["no_email"]

    with_email = client.get(teacher.get_absolute_url()).content.decode()
    without = client.get(no_email.get_absolute_url()).content.decode()

    assert "Учётная запись" in with_email
    assert f"/registry/people/accounts/{teacher.pk}/invite/" in with_email
    assert "Нет адреса электронной почты" in without


def test_person_card_invite_then_deactivate_with_confirmation(client, school):
    client.force_login(school["admin"])
    teacher = school["teachers"][0]

    client.post(f"/registry/people/accounts/{teacher.pk}/invite/")
    card = client.get(teacher.get_absolute_url()).content.decode()
    confirm = client.get(f"/registry/people/accounts/{teacher.pk}/deactivate/").content.decode()
    client.post(f"/registry/people/accounts/{teacher.pk}/deactivate/")
    teacher.refresh_from_db()

    assert "Приглашение отправлено" in card
    assert "Отправить приглашение ещё раз" in card
    assert "Отключить учётную запись" in confirm
    assert not teacher.user.is_active
    assert "Отключена" in client.get(teacher.get_absolute_url()).content.decode()


def test_invitation_link_sets_the_password_and_logs_in(
    client, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.invite(
            [school["teachers"][0]], by=school["admin"], base_url="http://testserver"
        ).invited[0]
    link = link_in(mail.outbox[0])

    page = client.get(link).content.decode()
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert "Задайте пароль" in page
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").context["user"] == user
    assert AuditEntry.objects.filter(action="accounts.invitation.accepted").count() == 1
    client.logout()
    assert "Ссылка недействительна" in client.get(link).content.decode()


def test_second_factor_set_up_right_after_the_invitation_asks_no_password_again(
    client, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite([school["teachers"][0]], by=school["admin"], base_url="http://testserver")
    link = link_in(mail.outbox[0])
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get("/accounts/2fa/totp/activate/")

    assert response.status_code == 200
    assert "data:image/svg+xml;base64," in response.content.decode()


def test_invitation_link_checks_the_password_validators(
    client, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite([school["teachers"][0]], by=school["admin"], base_url="http://testserver")

    response = client.post(
        link_in(mail.outbox[0]), {"new_password1": "12345678", "new_password2": "12345678"}
    )

    assert response.status_code == 200
    assert "Введённый пароль слишком широко распространён." in response.content.decode()


def test_expired_invitation_link_asks_for_a_new_one(
    client, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite([school["teachers"][0]], by=school["admin"], base_url="http://testserver")

    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        page = client.get(link_in(mail.outbox[0])).content.decode()

    assert "Ссылка недействительна" in page
    assert "отправить приглашение ещё раз" in page


def test_invitation_link_works_until_it_expires(client, school, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite([school["teachers"][0]], by=school["admin"], base_url="http://testserver")

    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        page = client.get(link_in(mail.outbox[0])).content.decode()

    assert "Задайте пароль" in page


def test_deactivated_account_is_logged_out_and_may_not_log_in(client, school):
    teacher = school["teachers"][0]
    user = factories.teacher_user(teacher)
    client.force_login(user)

    services.deactivate(user, by=school["admin"])
    response = client.get("/")
    login = client.post(
        "/accounts/login/", {"login": user.username, "password": "secret-pass-123"}, follow=True
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "Учётная запись отключена" in login.content.decode()


def test_invited_person_whose_role_requires_it_sets_up_the_second_factor(
    client, school, settings, django_capture_on_commit_callbacks
):
    settings.MFA_REQUIRED_FOR = ["organization_admin"]
    with django_capture_on_commit_callbacks(execute=True):
        user = services.invite(
            [school["teachers"][0]], by=school["admin"], base_url="http://testserver"
        ).invited[0]
    RoleAssignment.objects.create(
        user=user, role=Role.ORGANIZATION_ADMIN, organization=school["org"]
    )
    link = link_in(mail.outbox[0])

    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    home = client.get("/")

    assert home.status_code == 302
    assert home["Location"] == "/accounts/2fa/totp/activate/"


def test_person_list_htmx_partial_keeps_the_checkboxes(client, school):
    client.force_login(school["admin"])

    response = client.get(
        "/registry/people/?q=Иванов", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="list-table"
    )

    page = response.content.decode()
    assert "<html" not in page
    assert f'name="ids" value="{school["teachers"][0].pk}"' in page


def test_person_card_has_no_account_block_for_a_regional_methodist(client, school, region):
    client.force_login(factories.user_with_role(Role.REGIONAL_METHODIST, region))

    page = client.get(school["teachers"][0].get_absolute_url()).content.decode()

    assert "Учётная запись" not in page


def test_resend_from_the_card_sends_a_new_link(client, school, django_capture_on_commit_callbacks):
    client.force_login(school["admin"])
    teacher = school["teachers"][0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/registry/people/accounts/{teacher.pk}/invite/")
        client.post(f"/registry/people/accounts/{teacher.pk}/resend/")
    first, second = link_in(mail.outbox[0]), link_in(mail.outbox[1])
    client.logout()

    assert "Ссылка недействительна" in client.get(first).content.decode()
    assert "Задайте пароль" in client.get(second).content.decode()
