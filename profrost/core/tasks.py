from celery import shared_task

from .importers.background import check_import_task, confirm_import_task
from .importers.storage import purge_abandoned_imports

__all__ = ["check_import_task", "confirm_import_task", "purge_abandoned_imports_task"]


@shared_task
def purge_abandoned_imports_task():
    return purge_abandoned_imports()
