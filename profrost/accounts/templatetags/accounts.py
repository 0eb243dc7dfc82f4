"""`{% load accounts %}{% person_account person %}`: the «Учётная запись» block of a person's
card, shown to whoever may manage that person's account (Perm.MANAGE_ACCOUNTS). The registry's
template includes it; the registry's code does not know accounts."""

from django import template

from ..forms import GrantForm
from ..models import AccountStatus, account_status
from ..roles import grant_of, grantable, revocable
from ..services import may_manage

register = template.Library()


@register.inclusion_tag("accounts/_person_account.html", takes_context=True)
def person_account(context, person):
    viewer = context["request"].user
    if not may_manage(viewer, person):
        return {"shown": False}
    account = getattr(person, "user", None)
    return {
        "shown": True,
        "person": person,
        "account": account,
        "status": account_status(account),
        "statuses": AccountStatus,
        "last_invitation": account.invitations.first() if account else None,
        "is_self": account is not None and account.pk == viewer.pk,
        "roles": account_roles(viewer, account),
        "grant_form": GrantForm(grants=grantable(viewer, person)),
        "csrf_token": context.get("csrf_token"),
    }


def account_roles(viewer, account):
    """(label, assignment, whether the viewer may take it back) for each role of the account."""
    if account is None:
        return []
    assignments = account.roles.select_related(
        "user__person", "region", "municipality", "organization"
    )
    return [
        (grant_of(assignment).label, assignment, revocable(viewer, assignment))
        for assignment in assignments.order_by("role", "pk")
    ]
