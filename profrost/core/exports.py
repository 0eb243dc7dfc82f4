"""Large list exports as background jobs (core/jobs.py): a list page's `?export=xlsx` over
EXPORT_BACKGROUND_ROWS rows gets a job instead of the file; the job writes the file into a
storage no URL serves, its page polls and then offers the download, which only the user who
asked may take, for EXPORT_RETENTION_HOURS.

The task gets ids and text, never objects: the list view's dotted path, the user, the query
string and the URL's arguments. It builds the same view for the same user, so the rows are
those the page showed: the same scope, filters, search and ordering.
"""

import logging
import tempfile
from datetime import timedelta
from pathlib import PurePath

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import jobs
from .exporters import write_xlsx
from .models import Job, JobStatus
from .text import count_phrase

logger = logging.getLogger(__name__)

EXPORT_KIND = "core.export"
PROGRESS_EVERY = 2000
ROW_FORMS = ("строка", "строки", "строк")


def storage():
    """Where export files live: a folder of their own, outside MEDIA_ROOT, so no URL serves a
    file but the owner's download."""
    return FileSystemStorage(location=settings.EXPORT_ROOT)


def is_large(count):
    return count > settings.EXPORT_BACKGROUND_ROWS


def start_list_export(view, count):
    """A job that writes the list page `view` as XLSX; the caller shows its page."""
    purge_old_exports()
    cls, request = type(view), view.request
    return jobs.start(
        export_list_task,
        kind=EXPORT_KIND,
        title=_("Выгрузка «%(title)s»") % {"title": view.title},
        user=request.user,
        message=_("Файл готовится: %(rows)s.") % {"rows": count_phrase(count, ROW_FORMS)},
        view=f"{cls.__module__}.{cls.__qualname__}",
        user_id=request.user.pk,
        query=request.GET.urlencode(),
        view_kwargs=view.kwargs,
        total=count,
    )


@shared_task(name="profrost.core.tasks.export_list_task")
def export_list_task(*, job_id, view, user_id, query, view_kwargs, total):
    jobs.running(job_id)
    try:
        name = write_list_export(job_id, rebuilt_view(view, user_id, query, view_kwargs), total)
    except Exception:
        logger.exception("Export job %s of %s failed", job_id, view)
        jobs.fail(job_id, _("Файл не удалось подготовить. Выгрузите список ещё раз."))
        return
    jobs.finish(
        job_id,
        result_url=reverse("job_file", args=[job_id]),
        result_file=name,
        message=_("Файл готов. Он хранится %(hours)s.")
        % {"hours": count_phrase(settings.EXPORT_RETENTION_HOURS, ("час", "часа", "часов"))},
    )


def rebuilt_view(path, user_id, query, view_kwargs):
    """The list view as its request built it: the same user, query string and arguments."""
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(query)
    request.user = get_user_model().objects.get(pk=user_id)
    request.htmx = False
    view = import_string(path)()
    view.setup(request, **view_kwargs)
    return view


def write_list_export(job_id, view, total):
    """Writes the view's table into a temporary file, then into the storage; returns its name."""
    headers, rows = view.export_table(view.get_queryset())
    with tempfile.TemporaryFile() as out:
        write_xlsx(headers, reporting(rows, job_id, total), str(view.title), out=out)
        out.seek(0)
        return storage().save(f"{job_id}/{view.export_file_name()}.xlsx", File(out))


def reporting(rows, job_id, total):
    for done, row in enumerate(rows, start=1):
        if done % PROGRESS_EVERY == 0:
            written = _("Записано строк: %(done)d из %(total)d.") % {"done": done, "total": total}
            jobs.progress(job_id, done, total, written)
        yield row


def download_name(job):
    return PurePath(job.result_file).name


def owned_file(user, pk):
    """The user's own finished export job whose file is still kept, or None."""
    return (
        Job.objects.filter(user=user, pk=pk, kind=EXPORT_KIND, status=JobStatus.DONE)
        .exclude(result_file="")
        .filter(finished__gte=expired_before())
        .first()
    )


def expired_before():
    return timezone.now() - timedelta(hours=settings.EXPORT_RETENTION_HOURS)


def purge_old_exports():
    """Remove export files older than EXPORT_RETENTION_HOURS; returns how many. Run hourly by
    Celery beat and at the start of every background export, so none outlives its day long."""
    old = Job.objects.filter(kind=EXPORT_KIND, finished__lt=expired_before()).exclude(
        result_file=""
    )
    files = storage()
    purged = 0
    for pk, name in old.values_list("pk", "result_file"):
        files.delete(name)
        files.delete(str(PurePath(name).parent))
        Job.objects.filter(pk=pk).update(
            result_file="", result_url="", message=_("Файл удалён: срок его хранения истёк.")
        )
        purged += 1
    return purged
