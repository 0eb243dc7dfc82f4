"""Batches: an upload is checked and kept with its plan (preview), then confirmed once."""

from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.models import ImportBatch, ImportBatchStatus
from profrost.core.spreadsheets import ImportFileError, check_size
from profrost.core.text import count_phrase

from .mapping import Answers, remember
from .plan import CREATE, UPDATE


def read_upload(upload):
    """The bytes of an uploaded file, or ImportFileError with a message for the user."""
    if upload is None:
        raise ImportFileError(_("Выберите файл для загрузки."))
    if PurePath(upload.name).suffix.lower() not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise ImportFileError(
            _("Файл «%(name)s» не подходит: загрузите XLSX или CSV.") % {"name": upload.name}
        )
    check_size(upload.size)
    return upload.read()


def preview_import(importer, content, filename):
    """Check the file and keep it with its plan until it is confirmed, answered or abandoned; a
    file that has errors is kept only while the preview asks something that may clear them.
    Nothing but the batch is written."""
    plan = importer.plan(content, filename)
    status = status_of(plan)
    return ImportBatch.objects.create(
        kind=importer.kind,
        user=importer.user,
        filename=PurePath(filename).name[:255],
        content=content if status in ImportBatchStatus.waiting() else None,
        status=status,
        summary=plan.summary(),
    )


def status_of(plan):
    if plan.ok:
        return ImportBatchStatus.PREVIEWED
    return ImportBatchStatus.QUESTIONS if plan.asks else ImportBatchStatus.FAILED


def answer_import(batch, importer, *, columns=None, values=None, synonyms=()):
    """Check the kept file again with the user's answers: `columns` {header key: (header,
    column key or SKIP)}, remembered for the user's scope; `values` {(column key, value key):
    reference pk}, for this file; `synonyms` [(column key, value as written, reference pk)]
    kept in the reference list for every import. Returns the batch with its new plan."""
    columns, values = columns or {}, values or {}
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if is_abandoned(batch):
            expire(batch)
        if batch.status not in ImportBatchStatus.waiting():
            return batch
        chosen = {key: column for key, (_header, column) in columns.items()}
        answers = Answers.of(batch.answers).updated(chosen, values)
        remember(importer.kind, importer.user, importer.perm, columns)
        for column, text, pk in synonyms:
            importer.add_synonym(column, text, pk)
        plan = importer.plan(bytes(batch.content), batch.filename, answers.as_dict())
        batch.answers, batch.summary = answers.as_dict(), plan.summary()
        batch.status = status_of(plan)
        if batch.status not in ImportBatchStatus.waiting():
            batch.content = None
        batch.save()
        audit.log(
            importer.user,
            "core.import.answered",
            batch,
            kind=importer.kind,
            columns=sorted(chosen),
            values=len(values),
            synonyms=len(synonyms),
        )
    return batch


def confirm_import(batch, importer):
    """Apply a previewed batch once: plan the stored file again and write it, or nothing. Either
    way the file is dropped; the batch keeps the summary."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if is_abandoned(batch):
            expire(batch)
        if batch.status != ImportBatchStatus.PREVIEWED:
            return batch
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


def confirm_refusal(batch):
    """Why the batch cannot be confirmed, for the user, or "" when it can."""
    if is_abandoned(batch):
        expire(batch)
    if batch.status == ImportBatchStatus.EXPIRED:
        hours = settings.IMPORT_PREVIEW_RETENTION_HOURS
        return _(
            "Импорт не подтверждён в течение %(hours)s, и файл удалён. Загрузите его снова."
        ) % {"hours": count_phrase(hours, ("часа", "часов", "часов"))}
    if batch.status == ImportBatchStatus.QUESTIONS:
        return _("Сначала ответьте на вопросы проверки: в файле пока есть ошибки.")
    if batch.status != ImportBatchStatus.PREVIEWED:
        return _("Этот файл уже обработан, повторное подтверждение не нужно.")
    return ""


def answer_refusal(batch):
    """Why the batch takes no answers, for the user, or "" when it does."""
    refusal = confirm_refusal(batch)
    return "" if batch.status == ImportBatchStatus.QUESTIONS else refusal


def _abandoned_before():
    return timezone.now() - timedelta(hours=settings.IMPORT_PREVIEW_RETENTION_HOURS)


def is_abandoned(batch):
    waiting = batch.status in ImportBatchStatus.waiting()
    return waiting and batch.created < _abandoned_before()


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
        status__in=ImportBatchStatus.waiting(), created__lt=_abandoned_before()
    ).update(status=ImportBatchStatus.EXPIRED, content=None)
    finished = (
        ImportBatch.objects.exclude(status__in=ImportBatchStatus.waiting())
        .filter(content__isnull=False)
        .update(content=None)
    )
    return expired + finished
