import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from . import selectors, services

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
