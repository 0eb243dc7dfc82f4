"""Roles on the person card: the list with «Отозвать», the form «Выдать роль», forged posts."""

import pytest

from profrost.accounts import roles
from profrost.core.models import AuditEntry, RoleAssignment
from profrost.core.roles import Role
from tests import factories


@pytest.fixture
def target(school):
    """A teacher of Школа А with an account and the teacher role."""
    teacher = school["teachers"][0]
    account = factories.teacher_user(teacher)
    return account


def card(person):
    return f"/registry/people/{person.pk}/"


def grant_url(person):
    return f"/registry/people/accounts/{person.pk}/roles/grant/"


def revoke_url(assignment):
    return f"/registry/people/accounts/{assignment.user.person_id}/roles/{assignment.pk}/revoke/"


def options(page):
    start = page.index('name="grant"')
    return page[start : page.index("</select>", start)]


def test_card_lists_roles_and_offers_only_allowed_choices(client, school, target):
    client.force_login(school["admin"])

    page = client.get(card(target.person)).content.decode()

    assert "Педагог" in page
    assert revoke_url(target.roles.get()) in page
    offered = options(page)
    assert f'value="organization_admin:organization:{school["org"].pk}"' in offered
    assert "Администратор организации: Школа А" in offered
    assert "regional_admin" not in offered
    assert "municipal_methodist" not in offered
    assert 'value="teacher"' not in offered  # held already


def test_card_of_a_person_without_an_account_has_no_role_form(client, school):
    client.force_login(school["admin"])

    page = client.get(card(school["teachers"][1])).content.decode()

    assert "Выдать роль" not in page


def test_card_shows_no_revoke_for_a_role_above_the_viewer(client, two_orgs, school, target):
    wider = RoleAssignment.objects.create(
        user=target, role=Role.MUNICIPAL_METHODIST, municipality=two_orgs["mun_a"]
    )
    client.force_login(factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"]))

    page = client.get(card(target.person)).content.decode()

    assert "Муниципальный методист: Город А" in page
    assert revoke_url(wider) in page
    client.force_login(school["admin"])
    page = client.get(card(target.person)).content.decode()
    assert revoke_url(wider) not in page  # the account reaches wider than a school admin's
    assert "Выдать роль" not in page


def test_grant_post_gives_the_role_and_says_so(client, school, target):
    client.force_login(school["admin"])
    value = roles.Grant(Role.ORGANIZATION_ADMIN, school["org"]).key

    response = client.post(grant_url(target.person), {"grant": value}, follow=True)

    assert response.redirect_chain[-1][0] == card(target.person)
    assert "Роль выдана: Администратор организации: Школа А." in response.content.decode()
    assert target.roles.filter(role=Role.ORGANIZATION_ADMIN, organization=school["org"]).exists()
    assert AuditEntry.objects.filter(action="accounts.role.granted").count() == 1


@pytest.mark.parametrize(
    "forged",
    [
        "regional_admin:region:{region}",
        "municipal_methodist:municipality:{mun_a}",
        "organization_admin:organization:{org_b}",
        "organization_admin:municipality:{mun_a}",
        "teacher",  # held already
        "emperor",
    ],
)
def test_forged_grant_post_is_refused_with_nothing_written(
    client, two_orgs, region, school, target, forged
):
    client.force_login(school["admin"])
    value = forged.format(region=region.pk, mun_a=two_orgs["mun_a"].pk, org_b=two_orgs["org_b"].pk)

    response = client.post(grant_url(target.person), {"grant": value}, follow=True)

    assert "Выберите роль из списка" in response.content.decode()
    assert list(target.roles.values_list("role", flat=True)) == [Role.TEACHER]
    assert not AuditEntry.objects.filter(action="accounts.role.granted").exists()


def test_grant_post_by_one_who_sees_but_does_not_manage_is_403(client, region, target):
    client.force_login(factories.user_with_role(Role.REGIONAL_METHODIST, region))

    response = client.post(grant_url(target.person), {"grant": "teacher"})

    assert response.status_code == 403
    assert target.roles.count() == 1


def test_grant_post_by_a_teacher_of_the_school_is_404(client, school, target):
    client.force_login(factories.teacher_user(school["teachers"][2]))

    response = client.post(grant_url(target.person), {"grant": "teacher"})

    assert response.status_code == 404
    assert target.roles.count() == 1


def test_grant_post_for_a_person_out_of_sight_is_404(client, school, outsider):
    account = factories.UserFactory(person=outsider)
    client.force_login(school["admin"])

    response = client.post(grant_url(outsider), {"grant": "teacher"})

    assert response.status_code == 404
    assert not account.roles.exists()


def test_revoke_asks_then_takes_the_role_back(client, school, target):
    assignment = target.roles.get()
    client.force_login(school["admin"])

    confirm = client.get(revoke_url(assignment)).content.decode()
    response = client.post(revoke_url(assignment), follow=True)

    assert "Отозвать роль «Педагог»?" in confirm
    assert "Роль отозвана: Педагог." in response.content.decode()
    assert not target.roles.exists()
    entry = AuditEntry.objects.get(action="accounts.role.revoked")
    assert (entry.actor, entry.object_id) == (school["admin"], str(target.pk))


def test_revoke_of_a_role_above_the_viewer_is_403(client, two_orgs, school, target):
    wider = RoleAssignment.objects.create(
        user=target, role=Role.MUNICIPAL_METHODIST, municipality=two_orgs["mun_a"]
    )
    client.force_login(school["admin"])

    assert client.get(revoke_url(wider)).status_code == 403
    assert client.post(revoke_url(wider)).status_code == 403
    assert target.roles.count() == 2


def test_revoke_of_another_persons_role_through_this_card_is_404(client, school, target):
    other = factories.teacher_user(school["teachers"][1])
    client.force_login(school["admin"])
    path = f"/registry/people/accounts/{target.person_id}/roles/{other.roles.get().pk}/revoke/"

    assert client.post(path).status_code == 404
    assert other.roles.exists()


def test_own_last_managing_role_is_kept_with_a_message(client, school):
    admin = school["admin"]
    admin.person = factories.EmploymentFactory(organization=school["org"]).person
    admin.save()
    own = admin.roles.get()
    teacher = RoleAssignment.objects.create(user=admin, role=Role.TEACHER)
    client.force_login(admin)

    page = client.get(card(admin.person)).content.decode()
    response = client.post(revoke_url(own), follow=True)

    assert revoke_url(own) not in page
    assert revoke_url(teacher) in page
    assert "последнюю роль" in response.content.decode()
    assert admin.roles.filter(pk=own.pk).exists()


def test_journal_names_the_grant(client, regional_admin, school, target):
    roles.grant(target, Role.ORGANIZATION_ADMIN, school["org"], by=school["admin"])
    client.force_login(regional_admin)

    page = client.get("/audit/").content.decode()

    assert "Выдана роль: Администратор организации: Школа А" in page
    # The code stays out of the table (the action filter's options carry it as their value).
    assert ">accounts.role.granted</td>" not in page
    assert ">accounts.role.granted<" not in page
