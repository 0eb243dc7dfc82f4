"""Batches: an upload is checked and kept with its plan (preview), then confirmed once. A
file larger than IMPORT_BACKGROUND_SIZE is checked and written by a background job (core/jobs)
while its preview page polls the progress."""

import logging
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from profrost.core import audit, jobs
from profrost.core.import_bounds import ImportFileError, check_size
from profrost.core.models import ImportBatch, ImportBatchStatus
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


logger = logging.getLogger(__name__)


def preview_import(importer, content, filename):
    """Check the file and keep it with its plan until it is confirmed, answered or abandoned; a
    file that has errors is kept only while the preview asks something that may clear them.
    Nothing but the batch is written."""
    plan = importer.plan(content, filename)
    batch = ImportBatch(kind=importer.kind, user=importer.user, filename=_name(filename))
    _keep_plan(batch, plan, content)
    batch.save()
    return batch


def _name(filename):
    return PurePath(filename).name[:255]


def _keep_plan(batch, plan, content):
    batch.status = status_of(plan)
    batch.summary = plan.summary()
    batch.content = content if batch.status in ImportBatchStatus.waiting() else None


def is_large(size):
    return size > settings.IMPORT_BACKGROUND_SIZE


def check_import(importer, content, filename):
    """The upload: a small file is checked inside the request (preview_import); a large one is
    kept as a batch «Проверяется» and checked by a background job. Returns the batch."""
    if not is_large(len(content)):
        return preview_import(importer, content, filename)
    from profrost.core.tasks import check_import_task

    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=importer.kind,
            user=importer.user,
            filename=_name(filename),
            content=content,
            status=ImportBatchStatus.CHECKING,
        )
        batch.job = _start(check_import_task, _("Проверка файла «%(file)s»"), batch)
        batch.save(update_fields=["job"])
    batch.refresh_from_db(fields=["status", "summary", "content"])
    return batch


def _start(task, title, batch):
    return jobs.start(
        task,
        kind=f"core.import.{batch.kind}",
        title=title % {"file": batch.filename},
        user=batch.user,
        batch_id=batch.pk,
    )


def importer_class(kind):
    """The importer of a batch's kind: settings.IMPORTERS, so that core names no domain app."""
    return import_string(settings.IMPORTERS[kind])


def importer_of(batch):
    """The importer of the batch, as its uploader."""
    cls = importer_class(batch.kind)
    user = get_user_model().objects.filter(pk=batch.user_id).first() if batch.user_id else None
    return cls.for_batch(user, batch)


def run_check(job_id, batch_id):
    """The background check of a large upload: fills the batch as preview_import would."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != ImportBatchStatus.CHECKING:
        return batch
    importer = _reporting(importer_of(batch), job_id)
    jobs.progress(job_id, 5, 100, _("Файл читается"))
    plan = importer.plan(bytes(batch.content), batch.filename)
    jobs.progress(job_id, 95, 100, _("Проверка закончена"))
    _keep_plan(batch, plan, bytes(batch.content))
    batch.save(update_fields=["status", "summary", "content"])
    return batch


def run_confirm(job_id, batch_id):
    """The background write of a large confirmed batch."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != ImportBatchStatus.APPLYING:
            return batch
        importer = _reporting(importer_of(batch), job_id)
        jobs.progress(job_id, 5, 100, _("Файл читается"))
        return _apply(batch, importer)


def _reporting(importer, job_id):
    def report(done, total):
        # Rows are 10–90 % of the job: reading comes before, writing after.
        jobs.progress(job_id, 10 + 80 * done // max(total, 1), 100, _("Проверяются строки"))

    importer.on_progress = report
    return importer


def run_job(job_id, batch_id, step):
    """Run `step` (run_check or run_confirm) as the job; any failure marks the batch failed
    and drops its file. The exception is logged, not raised: the batch page tells the user."""
    jobs.running(job_id)
    try:
        batch = step(job_id, batch_id)
    except ImportFileError as error:
        _fail(job_id, batch_id, str(error))
        return
    except Exception:
        logger.exception("Import job %s of batch %s failed", job_id, batch_id)
        _fail(job_id, batch_id, failure_message())
        return
    url = reverse(importer_class(batch.kind).preview_url_name, args=[batch.pk])
    jobs.finish(job_id, result_url=url)


def failure_message():
    return _(
        "Обработка файла прервалась из-за внутренней ошибки. Ничего не записано. Загрузите "
        "файл снова; если ошибка повторится, сообщите администратору."
    )


def stuck_message():
    return _("Фоновая обработка файла не завершилась. Ничего не записано. Загрузите файл снова.")


def _fail(job_id, batch_id, message):
    batch = ImportBatch.objects.get(pk=batch_id)
    batch.status, batch.content = ImportBatchStatus.FAILED, None
    batch.summary = {**(batch.summary or {}), "failure": message}
    batch.save(update_fields=["status", "content", "summary"])
    jobs.fail(job_id, message)


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


def confirm_import(batch, importer, *, background=True):
    """Apply a previewed batch once: plan the stored file again and write it, or nothing. Either
    way the file is dropped; the batch keeps the summary. A large file is written by a
    background job (the batch is «Записывается» meanwhile) unless `background` is False."""
    from profrost.core.tasks import confirm_import_task

    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if is_abandoned(batch):
            expire(batch)
        if batch.status != ImportBatchStatus.PREVIEWED:
            return batch
        if not (background and is_large(len(batch.content))):
            return _apply(batch, importer)
        batch.status = ImportBatchStatus.APPLYING
        batch.job = _start(confirm_import_task, _("Запись файла «%(file)s»"), batch)
        batch.save(update_fields=["status", "job"])
    batch.refresh_from_db(fields=["status", "summary", "content", "applied"])
    return batch


def _apply(batch, importer):
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
    if batch.status in ImportBatchStatus.busy():
        return _("Файл ещё обрабатывается: дождитесь конца на странице импорта.")
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
    # A job that has not finished in the retention time will not: its worker died. The file is
    # not kept for it, and the batch says so instead of «Проверяется» for ever.
    stuck = list(
        ImportBatch.objects.filter(
            status__in=ImportBatchStatus.busy(), created__lt=_abandoned_before()
        ).values_list("pk", "job_id")
    )
    for batch_id, job_id in stuck:
        _fail(job_id, batch_id, stuck_message())
    finished = (
        ImportBatch.objects.exclude(status__in=ImportBatchStatus.waiting())
        .exclude(status__in=ImportBatchStatus.busy())
        .filter(content__isnull=False)
        .update(content=None)
    )
    return expired + len(stuck) + finished
