from celery import shared_task
from django.core.management import call_command

from .exports import export_list_task, purge_old_exports
from .importers.background import check_import_task, confirm_import_task
from .importers.storage import purge_abandoned_imports

__all__ = [
    "check_import_task",
    "clear_sessions_task",
    "confirm_import_task",
    "export_list_task",
    "purge_abandoned_imports_task",
    "purge_old_exports_task",
]


@shared_task
def purge_abandoned_imports_task():
    return purge_abandoned_imports()


@shared_task
def purge_old_exports_task():
    return purge_old_exports()


@shared_task
def clear_sessions_task():
    """Expired sessions hold the id of who was logged in: Django's own clean-up, daily."""
    call_command("clearsessions")
