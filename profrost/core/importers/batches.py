"""The life of an import batch as the pages drive it: upload and check, answers to the check's
questions, confirmation; large files go to `background`, the stored state is `storage`'s."""

from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.import_bounds import ImportFileError, check_size
from profrost.core.models import ImportBatch, ImportBatchStatus
from profrost.core.text import count_phrase

from .background import check_import_task, confirm_import_task, start_job
from .mapping import Answers, remember
from .storage import apply_batch, expire, file_name, is_abandoned, keep_plan, status_of


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
    batch = ImportBatch(kind=importer.kind, user=importer.user, filename=file_name(filename))
    keep_plan(batch, plan, content)
    batch.save()
    return batch


def is_large(size):
    return size > settings.IMPORT_BACKGROUND_SIZE


def writes_in_background(batch):
    """A confirmed file is written by a background job when it is large in bytes or has more
    than IMPORT_BACKGROUND_ROWS rows (its check counted them)."""
    rows = (batch.summary or {}).get("total") or 0
    return is_large(len(batch.content)) or rows > settings.IMPORT_BACKGROUND_ROWS


def check_import(importer, content, filename):
    """The upload: a small file is checked inside the request (preview_import); a large one is
    kept as a batch «Проверяется» and checked by a background job. Returns the batch."""
    if not is_large(len(content)):
        return preview_import(importer, content, filename)

    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=importer.kind,
            user=importer.user,
            filename=file_name(filename),
            content=content,
            status=ImportBatchStatus.CHECKING,
        )
        batch.job = start_job(check_import_task, _("Проверка файла «%(file)s»"), batch)
        batch.save(update_fields=["job"])
    batch.refresh_from_db(fields=["status", "summary", "content"])
    return batch


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


def confirm_import(batch, importer, *, background=True):
    """Apply a previewed batch once: plan the stored file again and write it, or nothing. Either
    way the file is dropped; the batch keeps the summary and the importer's confirm_choices. A
    large file, or one of many rows, is written by a background job (the batch is
    «Записывается» meanwhile) unless `background` is False."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if is_abandoned(batch):
            expire(batch)
        if batch.status != ImportBatchStatus.PREVIEWED:
            return batch
        if importer.confirm_choices:
            batch.answers = {**batch.answers, "confirm": importer.confirm_choices}
        if not (background and writes_in_background(batch)):
            return apply_batch(batch, importer)
        batch.status = ImportBatchStatus.APPLYING
        batch.job = start_job(confirm_import_task, _("Запись файла «%(file)s»"), batch)
        batch.save(update_fields=["status", "job", "answers"])
    batch.refresh_from_db(fields=["status", "summary", "content", "applied"])
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
    if batch.status in ImportBatchStatus.busy():
        return _("Файл ещё обрабатывается: дождитесь конца на странице импорта.")
    if batch.status != ImportBatchStatus.PREVIEWED:
        return _("Этот файл уже обработан, повторное подтверждение не нужно.")
    return ""


def answer_refusal(batch):
    """Why the batch takes no answers, for the user, or "" when it does."""
    refusal = confirm_refusal(batch)
    return "" if batch.status == ImportBatchStatus.QUESTIONS else refusal
