from celery import shared_task

from .importers import purge_abandoned_imports


@shared_task
def purge_abandoned_imports_task():
    return purge_abandoned_imports()
