import logging

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_email(*, subject, body, from_email, to, html=""):
    """One letter through settings.EMAIL_BACKEND. A mail server that does not answer is logged
    and, with a broker, tried again later."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except OSError:
        logger.exception("The letter «%s» to %s was not sent", subject, ", ".join(to))
        raise
