"""An import batch's stored state: its plan kept with the file, its writing, its failure, and
the retention of files left unconfirmed. The lowest layer of the batch mechanism: `background`
and `batches` build on it."""

from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from profrost.core import audit, jobs
from profrost.core.models import ImportBatch, ImportBatchStatus

from .plan import CREATE, UPDATE


def file_name(filename):
    return PurePath(filename).name[:255]


def keep_plan(batch, plan, content):
    batch.status = status_of(plan)
    batch.summary = plan.summary()
    batch.content = content if batch.status in ImportBatchStatus.waiting() else None


def status_of(plan):
    if plan.ok:
        return ImportBatchStatus.PREVIEWED
    return ImportBatchStatus.QUESTIONS if plan.asks else ImportBatchStatus.FAILED


def importer_class(kind):
    """The importer of a batch's kind: settings.IMPORTERS, so that core names no domain app."""
    return import_string(settings.IMPORTERS[kind])


def importer_of(batch):
    """The importer of the batch, as its uploader, with what they chose when confirming."""
    cls = importer_class(batch.kind)
    user = get_user_model().objects.filter(pk=batch.user_id).first() if batch.user_id else None
    importer = cls.for_batch(user, batch)
    importer.confirm_choices = (batch.answers or {}).get("confirm", {})
    return importer


def failure_message():
    return _(
        "Обработка файла прервалась из-за внутренней ошибки. Ничего не записано. Загрузите "
        "файл снова; если ошибка повторится, сообщите администратору."
    )


def stuck_message():
    return _("Фоновая обработка файла не завершилась. Ничего не записано. Загрузите файл снова.")


def fail(job_id, batch_id, message):
    batch = ImportBatch.objects.get(pk=batch_id)
    batch.status, batch.content = ImportBatchStatus.FAILED, None
    batch.summary = {**(batch.summary or {}), "failure": message}
    batch.save(update_fields=["status", "content", "summary"])
    jobs.fail(job_id, message)


def apply_batch(batch, importer):
    plan = importer.apply(bytes(batch.content), batch.filename, batch.answers)
    batch.summary = plan.summary()
    batch.content = None
    if plan.ok:
        batch.status = ImportBatchStatus.APPLIED
        batch.applied = timezone.now()
        counts = plan.counts()
        audit.log(
            importer.user,
            importer.audit_action,
            batch,
            kind=importer.kind,
            created=counts[CREATE],
            updated=counts[UPDATE],
        )
    else:
        batch.status = ImportBatchStatus.FAILED
    batch.save()
    return batch


def abandoned_before():
    return timezone.now() - timedelta(hours=settings.IMPORT_PREVIEW_RETENTION_HOURS)


def is_abandoned(batch):
    waiting = batch.status in ImportBatchStatus.waiting()
    return waiting and batch.created < abandoned_before()


def expire(batch):
    ImportBatch.objects.filter(pk=batch.pk, status__in=ImportBatchStatus.waiting()).update(
        status=ImportBatchStatus.EXPIRED, content=None
    )
    batch.status, batch.content = ImportBatchStatus.EXPIRED, None


def purge_abandoned_imports():
    """Drop the files of previews left unconfirmed or unanswered past
    IMPORT_PREVIEW_RETENTION_HOURS, and any file a finished batch still holds; returns how many
    files were dropped. Run hourly by Celery beat, or by `manage.py purge_imports` from cron."""
    expired = ImportBatch.objects.filter(
        status__in=ImportBatchStatus.waiting(), created__lt=abandoned_before()
    ).update(status=ImportBatchStatus.EXPIRED, content=None)
    # A job that has not finished in the retention time will not: its worker died. The file is
    # not kept for it, and the batch says so instead of «Проверяется» for ever.
    stuck = list(
        ImportBatch.objects.filter(
            status__in=ImportBatchStatus.busy(), created__lt=abandoned_before()
        ).values_list("pk", "job_id")
    )
    for batch_id, job_id in stuck:
        fail(job_id, batch_id, stuck_message())
    finished = (
        ImportBatch.objects.exclude(status__in=ImportBatchStatus.waiting())
        .exclude(status__in=ImportBatchStatus.busy())
        .filter(content__isnull=False)
        .update(content=None)
    )
    return expired + len(stuck) + finished
