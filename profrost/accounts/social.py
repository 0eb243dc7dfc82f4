"""Single sign-on through the region's OpenID Connect provider (django-allauth's socialaccount,
configured in settings.SOCIALACCOUNT_PROVIDERS). It logs a person in to the account the
registry already gave them and does nothing else: the first time, the account is found by the
provider's verified e-mail address or by its СНИЛС claim and connected to the provider's
identity; afterwards that connection is used. It never creates an account and never gives,
takes or changes a role: that stays with the administrators (docs/accounts.md)."""

import functools
import logging

import requests
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, get_adapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from profrost.core import audit

User = get_user_model()
logger = logging.getLogger(__name__)
SNILS_LENGTH = 11


class Refusal(models.TextChoices):
    NOT_FOUND = (
        "not_found",
        _(
            "Учётная запись не найдена: ни адрес электронной почты, ни СНИЛС, которые передал "
            "региональный портал, не принадлежат учётной записи ПрофРост. Обратитесь к "
            "администратору своей организации."
        ),
    )
    AMBIGUOUS = (
        "ambiguous",
        _(
            "Данные регионального портала подходят к нескольким учётным записям ПрофРост, и "
            "выбрать одну нельзя. Обратитесь к администратору своей организации."
        ),
    )
    DISABLED = "disabled", _("Учётная запись отключена. Обратитесь к администратору.")


CONNECT_REFUSED = _(
    "Связь с региональным порталом появляется сама при первом входе через него: выйдите и "
    "войдите через портал."
)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    error_messages = {
        **DefaultSocialAccountAdapter.error_messages,
        "no_password": _(
            "Отвязать нельзя: у учётной записи нет пароля ПрофРост, и войти в неё можно только "
            "через портал."
        ),
    }

    def is_open_for_signup(self, request, sociallogin):
        return False

    def is_auto_signup_allowed(self, request, sociallogin):
        return False

    def on_authentication_error(self, request, provider, error=None, exception=None, **kwargs):
        # The person sees socialaccount/authentication_error.html; the reason is for the log.
        logger.warning("Single sign-on through %s failed: %s", provider, error, exc_info=exception)

    def pre_social_login(self, request, sociallogin):
        """Connect a provider identity seen for the first time to the one existing account it
        points to, or refuse with a message on the login page; nothing is created."""
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            # Connecting by hand would let whoever is logged in to the portal in this browser
            # into the account open here; only the matching below links an identity.
            messages.error(request, CONNECT_REFUSED)
            raise ImmediateHttpResponse(redirect("socialaccount_connections"))
        if sociallogin.is_existing:
            return
        email, snils = verified_email(sociallogin), snils_claim(sociallogin)
        user, found_by = find_account(email, snils)
        if isinstance(found_by, Refusal):
            audit.log(None, "accounts.oidc.refused", reason=found_by.value, email=email or "")
            messages.error(request, found_by.label)
            raise ImmediateHttpResponse(redirect("account_login"))
        sociallogin.connect(request, user)
        audit.log(
            user,
            "accounts.oidc.linked",
            user,
            provider=sociallogin.account.provider,
            uid=sociallogin.account.uid,
            found_by=found_by,
        )


def find_account(email, snils):
    """The one account that the e-mail address (case aside) or the СНИЛС of its person
    points to: (user, list of what matched), or (None, Refusal)."""
    found = {}
    if email:
        for user in User.objects.filter(email__iexact=email):
            found.setdefault(user, []).append("email")
    if snils:
        for user in User.objects.filter(person__snils=snils):
            found.setdefault(user, []).append("snils")
    if not found:
        return None, Refusal.NOT_FOUND
    if len(found) > 1:
        return None, Refusal.AMBIGUOUS
    [(user, found_by)] = found.items()
    if not user.is_active:
        return None, Refusal.DISABLED
    return user, found_by


def verified_email(sociallogin):
    """The e-mail address the provider vouches for (email_verified): an unverified one
    could be anybody's."""
    return next((a.email for a in sociallogin.email_addresses if a.verified and a.email), None)


def snils_claim(sociallogin):
    """The СНИЛС from the claim named by OIDC_SNILS_CLAIM, digits only as the registry keeps
    it (Person.save); anything but 11 digits is ignored."""
    data = sociallogin.account.extra_data
    for claims in (data.get("userinfo"), data.get("id_token")):
        value = (claims or {}).get(settings.OIDC_SNILS_CLAIM)
        if value:
            digits = "".join(ch for ch in str(value) if ch.isdigit())
            return digits if len(digits) == SNILS_LENGTH else None
    return None


def guarded(view):
    """Allauth's login and callback views with the provider unreachable (or answering 5xx)
    end in a server error where they fetch its discovery document outside their own error
    handling: show the person the page «не удался» instead (urls_sso.py)."""

    @functools.wraps(view)
    def wrapper(request, provider_id):
        try:
            return view(request, provider_id)
        except (requests.RequestException, OAuth2Error) as exc:
            provider = get_adapter().get_provider(request, provider_id)
            return render_authentication_error(request, provider, exception=exc)

    return wrapper
