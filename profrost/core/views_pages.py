from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from . import exports
from .exporters import XLSX_CONTENT_TYPE
from .filters import AuditFilter
from .models import AuditEntry, Job
from .roles import Perm
from .scoping import resolve_scope
from .tables import Column
from .views import ScopedListView


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class AuditListView(ScopedListView):
    """The audit journal; regional administrators and superusers only."""

    model = AuditEntry
    perm = Perm.MANAGE_MUNICIPALITIES
    title = _("Журнал действий")
    export_name = "journal"
    search_fields = ("action", "object_repr", "actor__username")
    filterset_class = AuditFilter
    default_ordering = ("-created",)
    columns = (
        Column("created", _("Когда"), order_by="created"),
        Column("actor", _("Кто")),
        Column("action_label", _("Действие"), order_by="action"),
        Column("object_repr", _("Объект")),
        Column("action", _("Код"), html=False),
    )

    def base_queryset(self):
        scope = resolve_scope(self.request.user, self.perm)
        if scope.everything or scope.region_ids:
            return AuditEntry.objects.select_related("actor")
        return AuditEntry.objects.none()


def job_status(request, pk):
    """The progress of a background job, polled by its page while it runs (its owner only)."""
    jobs = Job.objects.all() if request.user.is_superuser else request.user.jobs.all()
    job = get_object_or_404(jobs, pk=pk)
    template = "core/_job.html" if request.htmx else "core/job.html"
    return render(request, template, {"job": job, "title": job.title})


job_status.model = Job  # the URL walk reads which object the pk names


def job_file(request, pk):
    """The file a background export wrote, for the user who asked for it only (a superuser
    too gets 404 for another's), while it is kept."""
    job = exports.owned_file(request.user, pk)
    files = exports.storage()
    if job is None or not files.exists(job.result_file):
        raise Http404
    return FileResponse(
        files.open(job.result_file, "rb"),
        as_attachment=True,
        filename=exports.download_name(job),
        content_type=XLSX_CONTENT_TYPE,
    )


job_file.model = Job
