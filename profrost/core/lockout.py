"""Password guessing: django-axes counts failed logins, this module sets its limits and words.

Failures are counted per account and per address (settings.LOGIN_FAILURE_LIMITS), each with its
own limit, in axes' database tables. The login page, the admin's and /api/token/ all go through
`authenticate(request, ...)`, where axes' backend refuses a locked-out account or address.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_ip(request):
    """The address the request came from: behind our proxies, the one the first of them saw."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if settings.TRUSTED_PROXY_COUNT and len(hops) >= settings.TRUSTED_PROXY_COUNT:
        # Each proxy appends what it saw; what the client wrote itself is further left.
        return hops[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")


def account_key(request, credentials=None):
    """What axes counts failures of an account by: the login as typed, or, when an e-mail
    address was typed, the login of the one account with that address, so that guessing by
    either counts towards the same limit."""
    credentials = credentials or {}
    typed = credentials.get("username") or credentials.get("email") or ""
    if not typed and request is not None:
        typed = request.POST.get("login") or request.POST.get("username") or ""
    if "@" in typed:
        logins = (
            get_user_model()
            .objects.filter(email__iexact=typed)
            .values_list("username", flat=True)[:2]
        )
        if len(logins) == 1:
            return logins[0]
    return typed


def lockout_minutes():
    return int(get_cool_off().total_seconds() // 60)


def lockout_message():
    return _(
        "Слишком много неудачных попыток входа. Вход временно заблокирован: попробуйте снова "
        "через %(minutes)s мин. Если вы не можете войти, обратитесь к администратору."
    ) % {"minutes": lockout_minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """The page axes' middleware shows instead of the login form while locked out."""
    response = render(
        request,
        "registration/locked_out.html",
        {"title": _("Вход заблокирован"), "message": lockout_message()},
        status=429,
    )
    response["Retry-After"] = str(lockout_minutes() * 60)
    return response


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for each lockout parameter."""

    def failures_by_parameter(self, request, credentials=None):
        # get_user_attempts gives one queryset per AXES_LOCKOUT_PARAMETERS, in their order.
        attempts = self.get_user_attempts(request, credentials)
        return {
            parameter: rows.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for parameter, rows in zip(settings.AXES_LOCKOUT_PARAMETERS, attempts, strict=True)
        }

    def is_locked(self, request, credentials=None):
        failures = self.failures_by_parameter(request, credentials)
        return any(
            failures[parameter] >= limit
            for parameter, limit in settings.LOGIN_FAILURE_LIMITS.items()
        )

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # Axes locks at AXES_FAILURE_LIMIT, the largest; a smaller limit is reached here.
        if request is None or request.axes_locked_out or not self.is_locked(request, credentials):
            return
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )

    def reset_user_attempts(self, request, credentials=None):
        # A login clears the failures of its own account only: clearing its address's too would
        # let anyone with an account wipe out the guesses at others' made from there.
        return self.reset_attempts(username=get_client_username(request, credentials))
