"""accounts.roles: who may give which role over which scope, taking roles back, the audit."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from profrost.accounts import roles
from profrost.core.models import AuditEntry, RoleAssignment
from profrost.core.roles import Role
from tests import factories

REGION_ROLES = (Role.REGIONAL_ADMIN, Role.CNPPM_COORDINATOR, Role.REGIONAL_METHODIST)


@pytest.fixture
def world(two_orgs, region):
    """A teacher of Школа А with an account; the givers of each level over Школа А and over
    Район Б; a second school in Город А."""
    school_a2 = factories.OrganizationFactory(municipality=two_orgs["mun_a"], short_name="Школа А2")
    return {
        **two_orgs,
        "region": region,
        "school_a2": school_a2,
        "target": account_for(two_orgs["person_a"]),
        "regional_admin": factories.user_with_role(Role.REGIONAL_ADMIN, region),
        "municipal_methodist": factories.user_with_role(
            Role.MUNICIPAL_METHODIST, two_orgs["mun_a"]
        ),
        "organization_admin": factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_a"]),
        "methodist_b": factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_b"]),
        "admin_b": factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"]),
        "regional_methodist": factories.user_with_role(Role.REGIONAL_METHODIST, region),
    }


def account_for(person, **kwargs):
    return factories.UserFactory(person=person, **kwargs)


def scope_for(world, role):
    """The scope of `role` where the target works: Школа А, Город А, the region."""
    level_scope = {
        Role.ORGANIZATION_ADMIN: world["org_a"],
        Role.MUNICIPAL_METHODIST: world["mun_a"],
        Role.TEACHER: None,
    }
    return level_scope.get(role, world["region"])


def keys(grants):
    return sorted(grant.key for grant in grants)


def key(role, scope=None):
    return roles.Grant(role, scope).key


# Which roles each giver may give to a teacher of Школа А, over the scopes where she works.
MAY_GIVE = {
    "regional_admin": set(Role),
    "municipal_methodist": {Role.MUNICIPAL_METHODIST, Role.ORGANIZATION_ADMIN, Role.TEACHER},
    "organization_admin": {Role.ORGANIZATION_ADMIN, Role.TEACHER},
    "regional_methodist": set(),
    "methodist_b": set(),
    "admin_b": set(),
}


@pytest.mark.parametrize("giver", sorted(MAY_GIVE))
@pytest.mark.parametrize("role", list(Role))
def test_grant_matrix_of_giver_and_role(world, giver, role):
    by, target = world[giver], world["target"]
    allowed = role in MAY_GIVE[giver]

    offered = key(role, scope_for(world, role)) in keys(roles.grantable(by, target.person))
    if allowed:
        roles.grant(target, role, scope_for(world, role), by=by)
    else:
        with pytest.raises(PermissionDenied):
            roles.grant(target, role, scope_for(world, role), by=by)

    assert offered == allowed
    assert RoleAssignment.objects.filter(user=target, role=role).exists() == allowed


def test_grantable_for_an_organization_admin_is_their_school_only(world):
    offered = roles.grantable(world["organization_admin"], world["person_a"])

    assert keys(offered) == sorted(
        [key(Role.ORGANIZATION_ADMIN, world["org_a"]), key(Role.TEACHER)]
    )


def test_grantable_lists_each_place_the_person_works_at_now(world):
    factories.EmploymentFactory(person=world["person_a"], organization=world["school_a2"])
    factories.EmploymentFactory(
        person=world["person_a"],
        organization=world["org_b"],
        end_date=date(2020, 6, 30),
    )

    offered = roles.grantable(world["municipal_methodist"], world["person_a"])

    assert keys(offered) == sorted(
        [
            key(Role.MUNICIPAL_METHODIST, world["mun_a"]),
            key(Role.ORGANIZATION_ADMIN, world["org_a"]),
            key(Role.ORGANIZATION_ADMIN, world["school_a2"]),
            key(Role.TEACHER),
        ]
    )


def test_grantable_leaves_out_the_roles_held(world):
    RoleAssignment.objects.create(user=world["target"], role=Role.TEACHER)

    offered = roles.grantable(world["organization_admin"], world["person_a"])

    assert keys(offered) == [key(Role.ORGANIZATION_ADMIN, world["org_a"])]


def test_grantable_is_empty_without_an_account(world):
    person = factories.EmploymentFactory(organization=world["org_a"]).person

    assert roles.grantable(world["regional_admin"], person) == []


def test_superuser_may_give_every_role_over_where_the_person_works(world):
    superuser = factories.UserFactory(is_superuser=True)

    for role in Role:
        roles.grant(world["target"], role, scope_for(world, role), by=superuser)

    assert RoleAssignment.objects.filter(user=world["target"]).count() == len(Role)


def test_nobody_gives_a_scope_where_the_person_does_not_work(world):
    with pytest.raises(PermissionDenied):
        roles.grant(
            world["target"], Role.ORGANIZATION_ADMIN, world["school_a2"], by=world["regional_admin"]
        )
    with pytest.raises(PermissionDenied):
        roles.grant(
            world["target"],
            Role.ORGANIZATION_ADMIN,
            world["school_a2"],
            by=factories.UserFactory(is_superuser=True),
        )

    assert not RoleAssignment.objects.filter(user=world["target"]).exists()


def test_municipal_methodist_gives_nothing_over_another_municipality(world):
    colleague = account_for(factories.EmploymentFactory(organization=world["org_b"]).person)

    for role, scope in ((Role.ORGANIZATION_ADMIN, world["org_b"]), (Role.TEACHER, None)):
        with pytest.raises(PermissionDenied):
            roles.grant(colleague, role, scope, by=world["municipal_methodist"])

    assert roles.grantable(world["municipal_methodist"], colleague.person) == []
    assert not RoleAssignment.objects.filter(user=colleague).exists()


def test_municipal_methodist_of_b_gives_in_b_but_not_in_a(world):
    colleague = account_for(factories.EmploymentFactory(organization=world["org_b"]).person)

    roles.grant(colleague, Role.ORGANIZATION_ADMIN, world["org_b"], by=world["methodist_b"])
    with pytest.raises(PermissionDenied):
        roles.grant(
            colleague, Role.ORGANIZATION_ADMIN, world["org_b"], by=world["municipal_methodist"]
        )

    assert list(RoleAssignment.objects.filter(user=colleague).values_list("role", flat=True)) == [
        Role.ORGANIZATION_ADMIN
    ]


def test_a_scope_of_the_wrong_kind_is_refused(world):
    with pytest.raises(PermissionDenied):
        roles.grant(
            world["target"], Role.ORGANIZATION_ADMIN, world["mun_a"], by=world["regional_admin"]
        )
    with pytest.raises(PermissionDenied):
        roles.grant(world["target"], "emperor", world["region"], by=world["regional_admin"])

    assert not RoleAssignment.objects.filter(user=world["target"]).exists()


def test_teacher_and_organization_admin_cannot_give_regional_admin(world):
    colleague = factories.EmploymentFactory(organization=world["org_a"]).person
    teacher = factories.teacher_user(colleague)

    for giver in (teacher, world["organization_admin"]):
        with pytest.raises(PermissionDenied):
            roles.grant(world["target"], Role.REGIONAL_ADMIN, world["region"], by=giver)

    assert not RoleAssignment.objects.filter(user=world["target"]).exists()


def test_nobody_gives_a_role_to_themselves(world):
    admin = world["organization_admin"]
    admin.person = factories.EmploymentFactory(organization=world["org_a"]).person
    admin.save()

    with pytest.raises(ValidationError, match="Себе роль выдать нельзя"):
        roles.grant(admin, Role.TEACHER, by=admin)

    assert roles.grantable(admin, admin.person) == []


def test_an_account_reaching_wider_is_not_touched_from_below(world):
    """A regional administrator working at Школа А: her school's administrator gives her nothing."""
    wider = factories.user_with_role(
        Role.REGIONAL_ADMIN,
        world["region"],
        person=factories.EmploymentFactory(organization=world["org_a"]).person,
    )

    with pytest.raises(PermissionDenied):
        roles.grant(wider, Role.TEACHER, by=world["organization_admin"])

    assert roles.grantable(world["organization_admin"], wider.person) == []


def test_duplicate_grant_is_refused_with_nothing_written(world):
    by = world["organization_admin"]
    roles.grant(world["target"], Role.ORGANIZATION_ADMIN, world["org_a"], by=by)

    with pytest.raises(ValidationError, match="Эта роль уже выдана: Администратор организации"):
        roles.grant(world["target"], Role.ORGANIZATION_ADMIN, world["org_a"], by=by)

    assert RoleAssignment.objects.filter(user=world["target"]).count() == 1
    assert AuditEntry.objects.filter(action="accounts.role.granted").count() == 1


def test_grant_is_audited_with_role_and_scope(world):
    by = world["municipal_methodist"]

    roles.grant(world["target"], Role.ORGANIZATION_ADMIN, world["org_a"], by=by)

    entry = AuditEntry.objects.get(action="accounts.role.granted")
    assert entry.actor == by
    assert entry.object_id == str(world["target"].pk)
    assert entry.data == {
        "role": Role.ORGANIZATION_ADMIN,
        "role_label": "Администратор организации: Школа А",
        "organization": world["org_a"].pk,
    }
    assert entry.action_label == "Выдана роль: Администратор организации: Школа А"


def test_revoke_is_audited_and_the_role_is_gone(world):
    by = world["organization_admin"]
    assignment = roles.grant(world["target"], Role.TEACHER, by=by)

    roles.revoke(assignment, by=by)

    assert not RoleAssignment.objects.filter(user=world["target"]).exists()
    entry = AuditEntry.objects.get(action="accounts.role.revoked")
    assert (entry.actor, entry.data) == (by, {"role": Role.TEACHER, "role_label": "Педагог"})
    assert entry.action_label == "Отозвана роль: Педагог"


def test_revoke_refuses_a_role_above_the_giver(world):
    assignment = roles.grant(
        world["target"], Role.MUNICIPAL_METHODIST, world["mun_a"], by=world["regional_admin"]
    )

    with pytest.raises(PermissionDenied):
        roles.revoke(assignment, by=world["organization_admin"])

    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not roles.may_revoke(world["organization_admin"], assignment)
    assert roles.may_revoke(world["municipal_methodist"], assignment)


def test_revoke_refuses_outside_the_givers_scope(world):
    colleague = account_for(factories.EmploymentFactory(organization=world["org_b"]).person)
    assignment = roles.grant(colleague, Role.TEACHER, by=world["methodist_b"])

    with pytest.raises(PermissionDenied):
        roles.revoke(assignment, by=world["municipal_methodist"])

    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_revoke_of_a_role_over_a_school_the_person_left(world):
    """The person moved to Школа А2: her old school's role may still be taken back."""
    assignment = roles.grant(
        world["target"], Role.ORGANIZATION_ADMIN, world["org_a"], by=world["regional_admin"]
    )
    factories.EmploymentFactory(person=world["person_a"], organization=world["school_a2"])
    world["person_a"].employments.filter(organization=world["org_a"]).update(
        end_date=date(2024, 8, 31)
    )

    roles.revoke(assignment, by=world["municipal_methodist"])

    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_nobody_revokes_their_own_last_managing_role(world):
    admin = world["organization_admin"]
    admin.person = factories.EmploymentFactory(organization=world["org_a"]).person
    admin.save()
    own = admin.roles.get()

    with pytest.raises(ValidationError, match="последнюю роль"):
        roles.revoke(own, by=admin)

    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_own_managing_role_may_go_while_another_remains(world):
    admin = world["municipal_methodist"]
    admin.person = factories.EmploymentFactory(organization=world["org_a"]).person
    admin.save()
    second = RoleAssignment.objects.create(
        user=admin, role=Role.ORGANIZATION_ADMIN, organization=world["org_a"]
    )

    roles.revoke(second, by=admin)

    assert list(admin.roles.values_list("role", flat=True)) == [Role.MUNICIPAL_METHODIST]


def test_revoke_of_a_role_already_taken_back(world):
    by = world["organization_admin"]
    assignment = roles.grant(world["target"], Role.TEACHER, by=by)
    RoleAssignment.objects.filter(pk=assignment.pk).delete()

    with pytest.raises(ValidationError, match="уже отозвана"):
        roles.revoke(assignment, by=by)

    assert not AuditEntry.objects.filter(action="accounts.role.revoked").exists()


def test_regional_admin_gives_and_takes_back_the_psychologist_role(world):
    by, target = world["regional_admin"], world["target"]

    assignment = roles.grant(target, Role.PSYCHOLOGIST, world["region"], by=by)
    given = AuditEntry.objects.get(action="accounts.role.granted")
    roles.revoke(assignment, by=by)

    assert given.data["role_label"].startswith("Педагог-психолог ЦНППМ: ")
    assert (assignment.region, assignment.role) == (world["region"], Role.PSYCHOLOGIST)
    assert not RoleAssignment.objects.filter(user=target).exists()
    assert AuditEntry.objects.filter(action="accounts.role.revoked").count() == 1


def test_psychologist_role_is_not_given_from_a_municipality_or_a_school(world):
    for giver in ("municipal_methodist", "organization_admin"):
        with pytest.raises(PermissionDenied):
            roles.grant(world["target"], Role.PSYCHOLOGIST, world["region"], by=world[giver])

    assert not RoleAssignment.objects.filter(user=world["target"]).exists()
