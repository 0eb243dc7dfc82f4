"""How django-allauth behaves here: nobody signs up by themselves (accounts are made from the
registry), and every letter leaves through a Celery task (eager without a broker)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction

from .tasks import send_email

WRONG_LOGIN = "Неверное имя пользователя или пароль."


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": WRONG_LOGIN,
        "email_password_mismatch": WRONG_LOGIN,
        "account_inactive": "Учётная запись отключена. Обратитесь к администратору.",
    }

    def is_open_for_signup(self, request):
        return False

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
