import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import reminders, selectors, services

logger = logging.getLogger(__name__)


@shared_task
def send_digests():
    """The daily letter of each digest user (CELERY_BEAT_SCHEDULE): what was not sent yet, once."""
    sent = 0
    for user_id in list(selectors.digest_recipients()):
        user = get_user_model().objects.get(pk=user_id)
        sent += bool(services.send_digest_of(user))
    logger.info("Notification digests sent: %s", sent)
    return sent


@shared_task
def send_reminders():
    """The daily reminders of what is due (CELERY_BEAT_SCHEDULE): each event told once."""
    with transaction.atomic():
        found = reminders.send_all(timezone.localdate())
    logger.info("Reminders due: %s", found)
    return found
