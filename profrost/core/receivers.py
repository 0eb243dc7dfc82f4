"""Side effects of logging in and out, fed by Django's and axes' signals: the audit journal's
record of failed logins, and the API token revoked at logout (whichever page logs out)."""

from . import audit, tokens
from .lockout import account_key, client_ip
from .models import User


def _account(username):
    return User.objects.filter(username=username).first() if username else None


def log_login_failed(sender, credentials, request=None, **kwargs):
    typed = credentials.get("username") or credentials.get("email") or ""
    audit.log(
        None,
        "core.login.failed",
        _account(account_key(request, credentials)),
        username=typed,
        ip_address=client_ip(request) if request is not None else "",
        path=request.path if request is not None else "",
    )


def log_locked_out(sender, request, username, ip_address, **kwargs):
    audit.log(
        None,
        "core.login.locked_out",
        _account(username),
        username=username or "",
        ip_address=ip_address or "",
        path=request.path,
    )


def revoke_token_at_logout(sender, request, user, **kwargs):
    if user is not None:
        tokens.revoke_token(user, reason="logout")
