"""accounts.services: who may invite whom, why people are skipped, the one-time link."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from profrost.accounts import services
from profrost.accounts.models import AccountStatus, Invitation, account_status
from profrost.accounts.tokens import invitation_tokens
from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from tests import factories

BASE = "https://profrost.example"


def invite(people, by):
    return services.invite(people, by=by, base_url=BASE)


def test_invite_makes_an_account_per_person_with_a_letter(
    school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        summary = invite(school["teachers"], school["admin"])

    assert sorted(user.email for user in summary.invited) == [
        "teacher1@school-a.ru",
        "teacher2@school-a.ru",
        "teacher3@school-a.ru",
    ]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "teacher1@school-a.ru",
        "teacher2@school-a.ru",
        "teacher3@school-a.ru",
    ]
    letter = mail.outbox[0]
    assert "Мария Директорова приглашает вас в ПрофРост" in letter.body
    assert f"{BASE}/accounts/invitation/" in letter.body
    assert "Ссылка действует 7 дней" in letter.body


def test_invite_links_the_account_to_the_person_without_a_password(school):
    teacher = school["teachers"][0]

    user = invite([teacher], school["admin"]).invited[0]

    assert user.person == teacher
    assert user.username == "teacher1"
    assert user.email == "teacher1@school-a.ru"
    assert not user.has_usable_password()
    assert account_status(user) == AccountStatus.INVITED


def test_invite_skips_with_reasons(school, outsider):
    teacher = school["teachers"][0]
    invite([teacher], school["admin"])

    summary = invite([teacher, school["no_email"], outsider], school["admin"])

    assert summary.invited == []
    assert dict(summary.skipped) == {
        teacher: services.Skip.HAS_ACCOUNT,
        school["no_email"]: services.Skip.NO_EMAIL,
        outsider: services.Skip.OUT_OF_SCOPE,
    }
    assert not factories.User.objects.filter(person=outsider).exists()


def test_invite_skips_an_address_another_account_has(school):
    factories.UserFactory(username="someone", email="TEACHER1@school-a.ru")

    summary = invite([school["teachers"][0]], school["admin"])

    assert summary.skipped == [(school["teachers"][0], services.Skip.EMAIL_TAKEN)]


def test_usernames_take_a_number_on_collision(school):
    factories.UserFactory(username="ivanova")
    people = [
        factories.EmploymentFactory(organization=school["org"], person__email=email).person
        for email in ("ivanova@school-a.ru", "Ivanova@other.ru")
    ]

    users = invite(people, school["admin"]).invited

    assert sorted(user.username for user in users) == ["ivanova2", "ivanova3"]


def test_municipal_methodist_invites_across_the_municipality(two_orgs, school, outsider):
    methodist = factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])

    summary = invite([*school["teachers"], outsider], methodist)

    assert len(summary.invited) == 3
    assert summary.skipped == [(outsider, services.Skip.OUT_OF_SCOPE)]


def test_a_teacher_invites_nobody(school):
    teacher = factories.teacher_user(school["no_email"])

    summary = invite([school["teachers"][0]], teacher)

    assert summary.invited == []


def test_resend_makes_the_old_link_invalid(school):
    user = invite([school["teachers"][0]], school["admin"]).invited[0]
    old = invitation_tokens.make_token(user)

    services.resend(user, by=school["admin"], base_url=BASE)

    assert not invitation_tokens.check_token(user, old)
    assert invitation_tokens.check_token(user, invitation_tokens.make_token(user))
    assert Invitation.objects.filter(user=user).count() == 2


def test_setting_the_password_uses_the_link_up(school):
    user = invite([school["teachers"][0]], school["admin"]).invited[0]
    token = invitation_tokens.make_token(user)

    services.accept(user, "Сирень-у-дома-2027")

    assert not invitation_tokens.check_token(user, token)
    assert Invitation.objects.get(user=user).accepted_at is not None
    assert account_status(user) == AccountStatus.ACTIVE


def test_deactivate_keeps_the_person_and_activate_returns(school):
    teacher = school["teachers"][0]
    user = invite([teacher], school["admin"]).invited[0]

    services.deactivate(user, by=school["admin"])
    user.refresh_from_db()
    teacher.refresh_from_db()

    assert not user.is_active
    assert teacher.user == user
    services.activate(user, by=school["admin"])
    user.refresh_from_db()
    assert user.is_active


def test_deactivate_outside_the_scope_is_refused(two_orgs, outsider, school):
    user = factories.teacher_user(outsider)

    with pytest.raises(PermissionDenied):
        services.deactivate(user, by=school["admin"])


def test_every_action_is_audited(school):
    admin = school["admin"]
    user = invite([school["teachers"][0]], admin).invited[0]
    services.resend(user, by=admin, base_url=BASE)
    services.deactivate(user, by=admin)
    services.activate(user, by=admin)

    assert list(
        AuditEntry.objects.filter(object_id=str(user.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "accounts.user.created",
        "accounts.invitation.sent",
        "accounts.invitation.sent",
        "accounts.user.deactivated",
        "accounts.user.activated",
    ]


def test_nobody_switches_off_an_account_that_reaches_wider(db):
    region = factories.RegionFactory()
    municipality = factories.MunicipalityFactory(region=region)
    school = factories.OrganizationFactory(municipality=municipality)
    head = factories.PersonFactory(email="head@school.ru")
    factories.EmploymentFactory(person=head, organization=school)
    regional = factories.user_with_role(Role.REGIONAL_ADMIN, region, person=head)
    school_admin = factories.user_with_role(Role.ORGANIZATION_ADMIN, school)

    with pytest.raises(PermissionDenied):
        services.deactivate(regional, by=school_admin)

    regional.refresh_from_db()
    assert regional.is_active


def test_a_login_taken_meanwhile_is_chosen_again(db, monkeypatch):
    school = factories.OrganizationFactory()
    admin = factories.user_with_role(Role.ORGANIZATION_ADMIN, school)
    teacher = factories.PersonFactory(email="ivanova@school.ru")
    factories.EmploymentFactory(person=teacher, organization=school)
    factories.UserFactory(username="ivanova")  # taken by another invitation meanwhile
    chosen = iter(["ivanova"])  # what the first look, made before that, found free
    real = services.unique_username
    monkeypatch.setattr(
        services, "unique_username", lambda email: next(chosen, None) or real(email)
    )

    summary = services.invite([teacher], by=admin, base_url="http://testserver")

    [user] = summary.invited
    assert user.username == "ivanova2"
    assert user.person == teacher
