"""The second factor (TOTP with recovery codes, django-allauth's mfa): who must have it
(settings.MFA_REQUIRED_FOR: "superuser" and role names), and the middleware that sends such a
user to its set-up before any other page."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

SUPERUSER = "superuser"
SET_UP_URL = "/accounts/2fa/totp/activate/"
# The pages a user who must set the factor up may still open: the account pages (set-up,
# re-authentication, logout) and what they need.
OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz")


def must_have_second_factor(user):
    required = set(settings.MFA_REQUIRED_FOR)
    if user.is_superuser and SUPERUSER in required:
        return True
    return user.roles.filter(role__in=required - {SUPERUSER}).exists()


def has_second_factor(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class SecondFactorRequiredMiddleware:
    """A user whose role requires the second factor and who has none yet sees its set-up page
    first; nothing else opens until it is set up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            messages.warning(
                request,
                "Для вашей роли вход защищается вторым фактором: подключите приложение-"
                "аутентификатор (Яндекс Ключ, Google Authenticator и т. п.), чтобы продолжить.",
            )
            return redirect(SET_UP_URL)
        return self.get_response(request)

    def _must_set_up(self, request):
        user = request.user
        if not user.is_authenticated or request.path.startswith(OPEN_PREFIXES):
            return False
        return must_have_second_factor(user) and not has_second_factor(user)
