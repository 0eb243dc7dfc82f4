"""Accounts from the registry: the person card's actions, the staff list's bulk invitation, and
the invitation link where the invited person sets a password. The views call accounts.services;
the service checks the scope again."""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import base36_to_int
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.core.text import count_phrase
from profrost.core.views import get_scoped_or_404
from profrost.registry.models import Person

from . import services
from .tokens import invitation_tokens

User = get_user_model()
PEOPLE_FORMS = ("человек", "человека", "человек")


def base_url(request):
    return request.build_absolute_uri("/")


def managed_person(request, person_pk):
    """The person, 404 outside what the user sees, 403 when the user may see but not manage
    their account."""
    person = get_scoped_or_404(Person, request.user, person_pk)
    if not services.may_manage(request.user, person):
        raise PermissionDenied
    return person


def account_of(person):
    user = getattr(person, "user", None)
    if user is None:
        raise PermissionDenied(_("У этого работника нет учётной записи."))
    return user


# The person card


@require_POST
def invite_person(request, person_pk):
    person = managed_person(request, person_pk)
    summary = services.invite([person], by=request.user, base_url=base_url(request))
    if summary.invited:
        messages.success(
            request, _("Приглашение отправлено на %(email)s.") % {"email": person.email}
        )
    else:
        messages.error(
            request,
            _("Приглашение не отправлено: %(reason)s.") % {"reason": summary.skipped[0][1].label},
        )
    return redirect(person)


@require_POST
def resend_invitation(request, person_pk):
    person = managed_person(request, person_pk)
    try:
        services.resend(account_of(person), by=request.user, base_url=base_url(request))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("Приглашение отправлено ещё раз; прежняя ссылка больше не действует.")
        )
    return redirect(person)


def deactivate_account(request, person_pk):
    person = managed_person(request, person_pk)
    user = account_of(person)
    if request.method != "POST":
        return render(
            request, "accounts/confirm_deactivate.html", {"person": person, "account": user}
        )
    try:
        services.deactivate(user, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Учётная запись отключена."))
    return redirect(person)


@require_POST
def activate_account(request, person_pk):
    person = managed_person(request, person_pk)
    services.activate(account_of(person), by=request.user)
    messages.success(request, _("Учётная запись включена."))
    return redirect(person)


# The staff list's bulk invitation


@require_POST
def invite_selected(request):
    """The ids chosen in the staff list: first a confirmation page (who will be invited, who
    skipped and why), then, confirmed, the letters and the result."""
    if not has_perm_anywhere(request.user, Perm.MANAGE_ACCOUNTS):
        raise PermissionDenied
    ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
    # People the user does not even see are not named: they are counted as unavailable.
    people = Person.objects.visible_to(request.user).filter(pk__in=ids)
    unavailable = len(set(ids)) - people.count()
    if request.POST.get("confirm"):
        summary = services.invite(people, by=request.user, base_url=base_url(request))
        template = "accounts/invite_done.html"
    else:
        summary = services.plan(people, request.user)
        template = "accounts/invite_confirm.html"
    return render(
        request,
        template,
        {
            "summary": summary,
            "unavailable": unavailable,
            "invited_phrase": count_phrase(len(summary.invited), PEOPLE_FORMS),
        },
    )


# The link of the invitation letter


class AcceptInvitationView(View):
    """Valid link: «Задайте пароль», then the person is logged in through allauth (so the second
    factor applies, and its set-up does not ask for the new password again) and goes home.
    Expired, used or superseded link: says so."""

    template_name = "account/invitation_accept.html"

    def dispatch(self, request, uidb36, key):
        self.invited = self.invited_user(uidb36, key)
        if self.invited is None:
            return render(request, self.template_name, {"token_fail": True})
        return super().dispatch(request, uidb36, key)

    @staticmethod
    def invited_user(uidb36, key):
        try:
            user = User.objects.get(pk=base36_to_int(uidb36), is_active=True)
        except (ValueError, OverflowError, User.DoesNotExist):
            return None
        return user if invitation_tokens.check_token(user, key) else None

    def get(self, request, uidb36, key):
        return self.page(SetPasswordForm(self.invited))

    def post(self, request, uidb36, key):
        form = SetPasswordForm(self.invited, request.POST)
        if not form.is_valid():
            return self.page(form)
        services.accept(self.invited, form.cleaned_data["new_password1"])
        # The password was typed just now: setting up the second factor next does not ask
        # for it again (adapter.just_logged_in), as after a login with the password.
        record_authentication(request, self.invited, method="password", invitation=True)
        return perform_login(request, self.invited, redirect_url="/")

    def page(self, form):
        return render(self.request, self.template_name, {"form": form, "account": self.invited})
