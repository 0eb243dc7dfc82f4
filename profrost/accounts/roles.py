"""Roles given and taken back on the person card (docs/roles.md, «Выдача и отзыв ролей»).

Who may give what:
- the giver acts on the account at all only as for invitations: the person is among those they
  manage (Perm.MANAGE_ACCOUNTS) and the account reaches no wider than their own
  (`services.outranks`); a superuser acts on every account;
- a role at a scope is given through one of the giver's own roles carrying accounts.manage
  that ranks at least as high (ROLE_RANK) and whose scope covers that scope: an organization
  administrator gives the roles of an organization administrator and a teacher in their
  organization; a municipal methodist also the municipal methodist of their municipality and
  the organization administrator of its organizations; a regional administrator every role in
  the region. A superuser gives any role;
- the scope is one where the person works now (a current employment): an organization role
  over such an organization, a municipality role over its municipality, a region role over
  its region; the teacher role has no scope;
- nobody gives a role to themselves, nor a role the account already holds.
Taking a role back follows the same rules, without the one on the person's work (they may
have left), and nobody takes back their own last role carrying accounts.manage.
The services check it all again, whatever the form offered, in one transaction with an audit
entry (`accounts.role.granted`, `accounts.role.revoked`)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from profrost.core import audit
from profrost.core.models import RoleAssignment
from profrost.core.roles import ROLE_LEVEL, Level, Perm, Role, roles_granting
from profrost.registry.models import Employment, Municipality, Organization, Region

from .services import may_manage, outranks

User = get_user_model()

# Which role may give which: a giver gives roles ranking no higher than a role of theirs.
ROLE_RANK = {
    Role.REGIONAL_ADMIN: 4,
    Role.CNPPM_COORDINATOR: 3,
    Role.REGIONAL_METHODIST: 3,
    Role.PSYCHOLOGIST: 3,
    Role.MUNICIPAL_METHODIST: 2,
    Role.ORGANIZATION_ADMIN: 1,
    Role.TEACHER: 0,
}
SCOPE_FIELD = {
    Level.REGION: "region",
    Level.MUNICIPALITY: "municipality",
    Level.ORGANIZATION: "organization",
}
MANAGERS = frozenset(roles_granting(Perm.MANAGE_ACCOUNTS))


@dataclass(frozen=True)
class Grant:
    """A role over a scope (a Region, Municipality or Organization; None for the teacher)."""

    role: str
    scope: object = None

    @property
    def key(self):
        """The value of the form's choice: role and scope, so a forged one matches nothing."""
        if self.scope is None:
            return self.role
        return f"{self.role}:{self.scope._meta.model_name}:{self.scope.pk}"

    @property
    def label(self):
        role = dict(Role.choices).get(self.role, self.role)
        return f"{role}: {self.scope}" if self.scope is not None else str(role)


def grant_of(assignment):
    level = ROLE_LEVEL[assignment.role]
    scope = getattr(assignment, SCOPE_FIELD[level]) if level in SCOPE_FIELD else None
    return Grant(assignment.role, scope)


def reaches(by, account):
    """Whether `by` may act on the account at all (as for invitations and switching off)."""
    if by.is_superuser:
        return True
    return may_manage(by, account.person) and not outranks(account, by)


def _managing(by):
    """The giver's own roles that carry accounts.manage."""
    return list(by.roles.filter(role__in=MANAGERS))


def _region_id(scope):
    if isinstance(scope, Region):
        return scope.pk
    if isinstance(scope, Municipality):
        return scope.region_id
    return scope.municipality.region_id


def _municipality_id(scope):
    if isinstance(scope, Municipality):
        return scope.pk
    return scope.municipality_id if isinstance(scope, Organization) else None


def _covers(assignment, scope):
    """Whether the giver's role `assignment` reaches over `scope`."""
    level = ROLE_LEVEL[assignment.role]
    if level == Level.REGION:
        return _region_id(scope) == assignment.region_id
    if level == Level.MUNICIPALITY:
        return _municipality_id(scope) == assignment.municipality_id
    return isinstance(scope, Organization) and scope.pk == assignment.organization_id


def _may_give(by, grant, managing):
    if by.is_superuser:
        return True
    if grant.scope is None:
        return bool(managing)  # the teacher: whoever reaches the account (checked first)
    return any(
        ROLE_RANK[assignment.role] >= ROLE_RANK[grant.role] and _covers(assignment, grant.scope)
        for assignment in managing
    )


def _workplaces(person):
    """{level: [place]}: the organizations where the person works now, their municipalities and
    regions, each once, in the order of the employments (the main one first)."""
    places = {level: {} for level in SCOPE_FIELD}
    employments = Employment.objects.active().filter(person=person)
    for employment in employments.select_related("organization__municipality__region"):
        organization = employment.organization
        for level, place in (
            (Level.ORGANIZATION, organization),
            (Level.MUNICIPALITY, organization.municipality),
            (Level.REGION, organization.municipality.region),
        ):
            places[level].setdefault(place.pk, place)
    return {level: list(found.values()) for level, found in places.items()}


def _candidates(person):
    """Every role over every scope that fits the person's work."""
    if person is None:
        return []
    places = _workplaces(person)
    grants = []
    for role in Role:
        level = ROLE_LEVEL[role]
        if level in SCOPE_FIELD:
            grants.extend(Grant(role, place) for place in places[level])
        else:
            grants.append(Grant(role))
    return grants


def _allowed(by, account):
    """The roles `by` may give to the account, held ones included."""
    if account.pk == by.pk or not reaches(by, account):
        return []
    managing = _managing(by)
    return [grant for grant in _candidates(account.person) if _may_give(by, grant, managing)]


def _held(account):
    return {grant_of(assignment).key for assignment in account.roles.all()}


def grantable(by, person):
    """The choices of the form «Выдать роль» on the person's card: what `by` may give to the
    person's account and the account does not hold yet. Empty without an account."""
    account = getattr(person, "user", None)
    if account is None:
        return []
    held = _held(account)
    return [grant for grant in _allowed(by, account) if grant.key not in held]


def may_revoke(by, assignment):
    """Whether the role is within what `by` may take back (403 outside); `revocable` adds
    the rule on one's own last managing role, which `revoke` refuses with a message."""
    if not reaches(by, assignment.user):
        return False
    return _may_give(by, grant_of(assignment), _managing(by))


def revocable(by, assignment):
    """Whether the card offers «Отозвать» for the role."""
    return may_revoke(by, assignment) and not _is_last_managing(assignment, by)


def grant(user, role, scope=None, *, by):
    """Give `user` the role over `scope`; refused outside what `by` may give."""
    wanted = Grant(role, scope)
    with transaction.atomic():
        # Two grants to one account wait for each other: the second sees the first's row.
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.pk == by.pk:
            raise ValidationError(_("Себе роль выдать нельзя."))
        if not reaches(by, user):
            raise PermissionDenied
        if wanted.key not in {allowed.key for allowed in _allowed(by, user)}:
            raise PermissionDenied(_("Эту роль вы выдать не можете: %(role)s.") % _named(wanted))
        if wanted.key in _held(user):
            raise ValidationError(_("Эта роль уже выдана: %(role)s.") % _named(wanted))
        assignment = RoleAssignment(user=user, role=role)
        if scope is not None:
            setattr(assignment, SCOPE_FIELD[ROLE_LEVEL[role]], scope)
        assignment.save()
        audit.log(by, "accounts.role.granted", user, **_payload(wanted))
    return assignment


def revoke(assignment, *, by):
    """Take the role back; refused outside what `by` may give, and for their own last role
    carrying accounts.manage (nobody locks themselves out)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=assignment.user_id)
        assignment = user.roles.filter(pk=assignment.pk).first()
        if assignment is None:
            raise ValidationError(_("Эта роль уже отозвана."))
        if not may_revoke(by, assignment):
            raise PermissionDenied
        if _is_last_managing(assignment, by):
            raise ValidationError(
                _(
                    "Нельзя отозвать у себя последнюю роль, дающую право управлять учётными "
                    "записями: попросите об этом другого администратора."
                )
            )
        payload = _payload(grant_of(assignment))
        assignment.delete()
        audit.log(by, "accounts.role.revoked", user, **payload)


def _is_last_managing(assignment, by):
    if assignment.user_id != by.pk or by.is_superuser or assignment.role not in MANAGERS:
        return False
    return not by.roles.filter(role__in=MANAGERS).exclude(pk=assignment.pk).exists()


def _named(grant):
    return {"role": grant.label}


def _payload(grant):
    """What the audit entry keeps: the role, its scope and the name both had then."""
    payload = {"role": grant.role, "role_label": grant.label}
    if grant.scope is not None:
        payload[grant.scope._meta.model_name] = grant.scope.pk
    return payload
