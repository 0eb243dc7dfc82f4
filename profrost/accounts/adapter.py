"""How django-allauth behaves here: nobody signs up by themselves (accounts are made from the
registry), and every letter leaves through a Celery task (eager without a broker)."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction

from .tasks import send_email

WRONG_LOGIN = "Неверное имя пользователя или пароль."
FRESH_LOGIN_METHODS = {"password", "socialaccount"}


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": WRONG_LOGIN,
        "email_password_mismatch": WRONG_LOGIN,
        "account_inactive": "Учётная запись отключена. Обратитесь к администратору.",
    }

    def is_open_for_signup(self, request):
        return False

    def is_reauthentication_required(self, *, app, **kwargs):
        """A login a few minutes ago (REAUTHENTICATION_TIMEOUT), by password or through the
        region's provider, counts: a person sent to set up the second factor right after
        logging in is not asked to prove who they are twice in a row."""
        request = allauth_context.request
        if request is not None and just_logged_in(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def format_email_subject(self, subject):
        return f"ПрофРост: {subject}"

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        queue(self.render_mail(template_prefix, email, context))


def just_logged_in(request):
    records = get_authentication_records(request, request.user)
    if not records or records[-1].get("method") not in FRESH_LOGIN_METHODS:
        return False
    return time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT


def queue(message):
    """Send a rendered EmailMessage through the mail task once the transaction commits, so a
    rolled-back change sends nothing."""
    html = next(
        (content for content, kind in getattr(message, "alternatives", []) if kind == "text/html"),
        "",
    )
    fields = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "html": html,
    }
    transaction.on_commit(lambda: send_email.delay(**fields))
