"""Roles on the person card: «Выдать роль» and «Отозвать» (with a confirmation page). The
choices come from accounts.roles.grantable; the service checks everything again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from profrost.core.models import RoleAssignment

from . import roles
from .forms import GrantForm
from .views import account_of, managed_person


@require_POST
def grant_role(request, person_pk):
    person = managed_person(request, person_pk)
    account = account_of(person)
    form = GrantForm(request.POST, grants=roles.grantable(request.user, person))
    if not form.is_valid():
        messages.error(request, _("Выберите роль из списка: эту вы выдать не можете."))
        return redirect(person)
    chosen = form.cleaned_data["grant"]
    try:
        roles.grant(account, chosen.role, chosen.scope, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Роль выдана: %(role)s.") % {"role": chosen.label})
    return redirect(person)


def revoke_role(request, person_pk, assignment_pk):
    """GET: «Отозвать роль?»; POST: taken back. 404 for a role not of this person's account,
    403 for one the user may not take back."""
    person = managed_person(request, person_pk)
    assignment = assignment_of(person, assignment_pk)
    if not roles.may_revoke(request.user, assignment):
        raise PermissionDenied(_("Эту роль вы отозвать не можете."))
    label = roles.grant_of(assignment).label
    if request.method != "POST":
        return render(
            request,
            "accounts/confirm_revoke.html",
            {"person": person, "account": assignment.user, "role_label": label},
        )
    try:
        roles.revoke(assignment, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Роль отозвана: %(role)s.") % {"role": label})
    return redirect(person)


def assignment_of(person, assignment_pk):
    assignment = (
        RoleAssignment.objects.select_related("user", "region", "municipality", "organization")
        .filter(pk=assignment_pk, user__person=person)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment
