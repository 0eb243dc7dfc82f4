from celery import shared_task

from .retention import apply_retention


@shared_task
def apply_retention_task():
    """Daily (settings.CELERY_BEAT_SCHEDULE): the retention terms of personal data."""
    return {outcome.key: outcome.count for outcome in apply_retention()}
