"""Accounts made from the registry: invitations, their re-sending and acceptance, switching an
account off and on. Each function checks the giver's scope (Perm.MANAGE_ACCOUNTS over the
person), runs in one transaction, writes an audit entry and sends its letter after commit."""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.http import int_to_base36
from django.utils.translation import gettext_lazy as _

from profrost.core import audit
from profrost.core.roles import ROLE_LEVEL, Level, Perm
from profrost.registry.models import Person

from .adapter import queue
from .models import AccountStatus, Invitation, account_status
from .tokens import invitation_tokens

User = get_user_model()
USERNAME_LENGTH = 150


class Skip(models.TextChoices):
    NO_EMAIL = "no_email", _("нет адреса электронной почты")
    HAS_ACCOUNT = "has_account", _("учётная запись уже есть")
    EMAIL_TAKEN = "email_taken", _("этот адрес уже у другой учётной записи")
    OUT_OF_SCOPE = "out_of_scope", _("вне вашей зоны ответственности")


@dataclass
class Summary:
    invited: list = field(default_factory=list)  # people (by `plan`) or their new users
    skipped: list = field(default_factory=list)  # (person, Skip)


def manageable_people(by):
    return Person.objects.changeable_by(by, Perm.MANAGE_ACCOUNTS)


def may_manage(by, person):
    return person is not None and manageable_people(by).filter(pk=person.pk).exists()


def plan(people, by):
    """Who of `people` `by` would invite, and who is skipped and why: the confirmation page
    shows it and `invite` acts on it. Three queries whatever the number of people."""
    people = list(Person.objects.filter(pk__in=[p.pk for p in people]).select_related("user"))
    in_scope = set(
        manageable_people(by).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    emails = {p.email.lower() for p in people if p.email}
    taken = set(
        User.objects.annotate(lower_email=Lower("email"))
        .filter(lower_email__in=emails)
        .values_list("lower_email", flat=True)
    )
    summary = Summary()
    for person in people:
        reason = _skip_reason(person, in_scope, taken)
        if reason:
            summary.skipped.append((person, reason))
        else:
            summary.invited.append(person)
    return summary


def _skip_reason(person, in_scope, taken):
    if person.pk not in in_scope:
        return Skip.OUT_OF_SCOPE
    if not person.email:
        return Skip.NO_EMAIL
    if getattr(person, "user", None) is not None:
        return Skip.HAS_ACCOUNT
    if person.email.lower() in taken:
        return Skip.EMAIL_TAKEN
    return None


def invite(people, *, by, base_url):
    """Make an account for each person of `people` that may have one and send the invitation;
    `base_url` (scheme and host) starts the link in the letter."""
    people = list(people)
    with transaction.atomic():
        # Two administrators inviting the same person: the second waits, then finds the account.
        list(Person.objects.select_for_update().filter(pk__in=[p.pk for p in people]).values("pk"))
        summary = plan(people, by)
        summary.invited = [_create_account(person, by, base_url) for person in summary.invited]
    return summary


def _create_account(person, by, base_url):
    user = User(
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        person=person,
    )
    user.set_unusable_password()
    _save_with_free_username(user)
    audit.log(by, "accounts.user.created", user, person=person.pk)
    _send_invitation(user, by, base_url)
    return user


USERNAME_ATTEMPTS = 3


def _save_with_free_username(user):
    """Save the new account under a free login. Another invitation may take the same login
    between the check and the save (the database then refuses the second); the login is
    chosen again, now seeing the other one."""
    for attempt in range(1, USERNAME_ATTEMPTS + 1):
        user.username = unique_username(user.email)
        try:
            with transaction.atomic():
                user.save()
            return
        except IntegrityError:
            if attempt == USERNAME_ATTEMPTS:
                raise


def unique_username(email):
    """The e-mail's local part as a login (ivanova.mv), with 2, 3… on a collision."""
    base = re.sub(r"[^\w.+-]", "", email.split("@")[0].lower())[: USERNAME_LENGTH - 6] or "user"
    taken = set(
        User.objects.filter(username__istartswith=base).values_list(Lower("username"), flat=True)
    )
    number, username = 1, base
    while username in taken:
        number += 1
        username = f"{base}{number}"
    return username


def resend(user, *, by, base_url):
    """A new letter with a new link; the links sent before stop working."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _check_scope(user, by)
        if account_status(user) != AccountStatus.INVITED:
            raise ValidationError(_("Приглашение отправляют только ещё не вошедшим."))
        _send_invitation(user, by, base_url, resent=True)


def _send_invitation(user, by, base_url, resent=False):
    invitation = Invitation.objects.create(user=user, sent_by=by)
    audit.log(by, "accounts.invitation.sent", user, resent=resent, invitation=invitation.pk)
    path = reverse(
        "invitation:accept",
        kwargs={"uidb36": int_to_base36(user.pk), "key": invitation_tokens.make_token(user)},
    )
    context = {
        "user": user,
        "invited_by": by.get_full_name() or by.username,
        "link": base_url.rstrip("/") + path,
        "valid_days": settings.INVITATION_VALID_DAYS,
        "valid_until": timezone.localtime(invitation.sent_at)
        + timedelta(days=settings.INVITATION_VALID_DAYS),
    }
    queue(get_adapter().render_mail("account/email/invitation", user.email, context))


def accept(user, password):
    """The invited person set their password: the account is in use from now on."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        Invitation.objects.filter(user=user, accepted_at=None).update(accepted_at=timezone.now())
        audit.log(user, "accounts.invitation.accepted", user)


def deactivate(user, *, by):
    """Switch the login off; the person, their records and the history stay."""
    if user.pk == by.pk:
        raise ValidationError(_("Свою учётную запись отключить нельзя."))
    _set_active(user, by, active=False, action="accounts.user.deactivated")


def activate(user, *, by):
    _set_active(user, by, active=True, action="accounts.user.activated")


def _set_active(user, by, *, active, action):
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _check_scope(user, by)
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit.log(by, action, user)


def _check_scope(user, by):
    if by.is_superuser:
        return
    if not may_manage(by, user.person) or outranks(user, by):
        raise PermissionDenied


LEVEL_RANK = {Level.REGION: 3, Level.MUNICIPALITY: 2, Level.ORGANIZATION: 1, Level.PERSON: 0}


def rank(user):
    """How wide the widest role of the user reaches: a superuser above every role."""
    if user.is_superuser:
        return len(LEVEL_RANK)
    roles = user.roles.values_list("role", flat=True)
    return max((LEVEL_RANK[ROLE_LEVEL[role]] for role in roles), default=-1)


def outranks(user, by):
    """A school administrator may not switch off a regional administrator who works at the
    school, nor re-invite them: nobody acts on an account that reaches wider than their own."""
    return rank(user) > rank(by)
