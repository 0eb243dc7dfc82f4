"""Large files are checked and written by a background job (core/jobs.py): the Celery tasks and
the steps they run. The tasks keep the names they had in `profrost.core.tasks`."""

import logging

from celery import shared_task
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from profrost.core import jobs
from profrost.core.import_bounds import ImportFileError
from profrost.core.models import ImportBatch, ImportBatchStatus
from profrost.core.text import count_phrase, grouped

from .storage import apply_batch, fail, failure_message, importer_class, importer_of, keep_plan

logger = logging.getLogger(__name__)


@shared_task(name="profrost.core.tasks.check_import_task")
def check_import_task(*, job_id, batch_id):
    run_job(job_id, batch_id, run_check)


@shared_task(name="profrost.core.tasks.confirm_import_task")
def confirm_import_task(*, job_id, batch_id):
    run_job(job_id, batch_id, run_confirm)


def start_job(task, title, batch):
    return jobs.start(
        task,
        kind=f"core.import.{batch.kind}",
        title=title % {"file": batch.filename},
        user=batch.user,
        batch_id=batch.pk,
    )


def run_check(job_id, batch_id):
    """The background check of a large upload: fills the batch as preview_import would."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != ImportBatchStatus.CHECKING:
        return batch
    importer = _reporting(importer_of(batch), job_id, planning=(10, 90))
    jobs.progress(job_id, 5, 100, _("Файл читается"))
    plan = importer.plan(bytes(batch.content), batch.filename)
    jobs.progress(job_id, 95, 100, _("Проверка закончена"))
    keep_plan(batch, plan, bytes(batch.content))
    batch.save(update_fields=["status", "summary", "content"])
    return batch


def run_confirm(job_id, batch_id):
    """The background write of a large confirmed batch."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != ImportBatchStatus.APPLYING:
            return batch
        importer = _reporting(importer_of(batch), job_id, planning=(10, 50), writing=(50, 95))
        jobs.progress(job_id, 5, 100, _("Файл читается"))
        return apply_batch(batch, importer)


def _reporting(importer, job_id, *, planning, writing=None):
    """The importer reporting its rows to the job: «Проверка: обработано N из M строк» while
    it plans them, «Запись: …» while it writes them, each stage within its span of percents
    (reading comes before the rows, the batch's summary after)."""
    importer.on_progress = _reporter(job_id, planning, _("Проверка"))
    if writing:
        importer.on_writing = _reporter(job_id, writing, _("Запись"))
    return importer


def _reporter(job_id, span, stage):
    start, end = span

    def report(done, total):
        percent = start + (end - start) * done // max(total, 1)
        jobs.progress(job_id, percent, 100, rows_done(stage, done, total))

    return report


def rows_done(stage, done, total):
    return _("%(stage)s: обработано %(done)s из %(total)s") % {
        "stage": stage,
        "done": grouped(done),
        "total": count_phrase(total, ("строки", "строк", "строк")),
    }


def run_job(job_id, batch_id, step):
    """Run `step` (run_check or run_confirm) as the job; any failure marks the batch failed
    and drops its file. The exception is logged, not raised: the batch page tells the user."""
    jobs.running(job_id)
    try:
        batch = step(job_id, batch_id)
    except ImportFileError as error:
        fail(job_id, batch_id, str(error))
        return
    except Exception:
        logger.exception("Import job %s of batch %s failed", job_id, batch_id)
        fail(job_id, batch_id, failure_message())
        return
    url = reverse(importer_class(batch.kind).preview_url_name, args=[batch.pk])
    jobs.finish(job_id, result_url=url)
