from celery import shared_task

from .importers import purge_abandoned_imports
from .importers.batches import run_check, run_confirm, run_job


@shared_task
def purge_abandoned_imports_task():
    return purge_abandoned_imports()


@shared_task
def check_import_task(*, job_id, batch_id):
    run_job(job_id, batch_id, run_check)


@shared_task
def confirm_import_task(*, job_id, batch_id):
    run_job(job_id, batch_id, run_confirm)
