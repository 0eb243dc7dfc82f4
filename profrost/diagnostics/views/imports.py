"""The import of external diagnostic results: template, upload, check, confirm."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from profrost.core import views_import
from profrost.core.exporters import xlsx_response
from profrost.core.importers import (
    CREATE,
    UNCHANGED,
    ImportFileError,
    check_import,
    confirm_import,
    confirm_refusal,
    read_upload,
)
from profrost.core.models import ImportBatch, ImportBatchStatus
from profrost.core.text import count_phrase
from profrost.core.views_import import preview_context

from ..importers import ResultImporter

RECENT_BATCHES = 10
RESULT_FORMS = ("результат", "результата", "результатов")


class ImportAllowedMixin:
    def dispatch(self, request, *args, **kwargs):
        if not ResultImporter.allowed(request.user):
            raise PermissionDenied(_("Недостаточно прав для импорта результатов диагностики."))
        return super().dispatch(request, *args, **kwargs)


class ResultsImportView(ImportAllowedMixin, generic.TemplateView):
    template_name = "diagnostics/import.html"

    def get_context_data(self, **kwargs):
        batches = own_batches(self.request.user).defer("summary")[:RECENT_BATCHES]
        return super().get_context_data(
            title=_("Импорт результатов диагностики"),
            importer=ResultImporter,
            batches=batches,
            max_size_mb=settings.IMPORT_MAX_FILE_SIZE // (1024 * 1024),
            **kwargs,
        )


class ResultsTemplateView(ImportAllowedMixin, generic.View):
    def get(self, request):
        content = ResultImporter(request.user).template_xlsx()
        return xlsx_response(f"template_{ResultImporter.kind}", content)


class ResultsUploadView(ImportAllowedMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request):
        upload = request.FILES.get("file")
        try:
            content = read_upload(upload)
            batch = check_import(ResultImporter(request.user), content, upload.name)
        except ImportFileError as error:
            messages.error(request, str(error))
            return redirect("diagnostics:results_import")
        return redirect("diagnostics:results_import_batch", pk=batch.pk)


def own_batches(user):
    """A batch is seen only by the user who uploaded it; anyone else gets 404."""
    return ImportBatch.objects.filter(user=user, kind=ResultImporter.kind).defer("content")


class OwnBatchMixin:
    model = ImportBatch

    def get_queryset(self):
        return own_batches(self.request.user)


class ResultsBatchView(OwnBatchMixin, generic.DetailView):
    template_name = "diagnostics/import_batch.html"
    context_object_name = "batch"

    def get_context_data(self, **kwargs):
        batch = self.object
        return super().get_context_data(
            title=_("Импорт результатов: %(file)s") % {"file": batch.filename},
            answers_url=reverse("diagnostics:results_import_answers", args=[batch.pk]),
            start_url=reverse("diagnostics:results_import"),
            confirm_url=reverse("diagnostics:results_import_confirm", args=[batch.pk]),
            nothing_written=_("Ничего не записано."),
            record_forms=",".join(RESULT_FORMS),
            record_label=_("Результат"),
            **preview_context(batch, ResultImporter.allowed(self.request.user), self.request.user),
            **kwargs,
        )


class ResultsAnswersView(ImportAllowedMixin, OwnBatchMixin, views_import.ImportAnswersView):
    preview_url_name = "diagnostics:results_import_batch"

    def importer_for(self, batch):
        return ResultImporter(self.request.user, batch=batch)


class ResultsConfirmView(OwnBatchMixin, generic.detail.SingleObjectMixin, generic.View):
    def get(self, request, pk):
        return redirect("diagnostics:results_import_batch", pk=self.get_object().pk)

    def post(self, request, pk):
        batch = self.get_object()
        if not ResultImporter.allowed(request.user):
            raise PermissionDenied(_("Недостаточно прав для импорта результатов диагностики."))
        refusal = confirm_refusal(batch)
        if refusal:
            messages.warning(request, refusal)
            return redirect("diagnostics:results_import_batch", pk=batch.pk)
        batch = confirm_import(batch, ResultImporter(request.user, batch=batch))
        if batch.status == ImportBatchStatus.APPLYING:
            messages.info(request, views_import.applying_message())
        elif batch.status == ImportBatchStatus.APPLIED:
            messages.success(request, applied_message(batch.summary["counts"]))
        else:
            messages.error(
                request,
                _(
                    "Импорт не выполнен: после проверки данные изменились и в файле найдены "
                    "ошибки. Ничего не записано — исправьте файл и загрузите его снова."
                ),
            )
        return redirect("diagnostics:results_import_batch", pk=batch.pk)


def applied_message(counts):
    return _("Импорт выполнен: загружено %(created)s, без изменений %(unchanged)s.") % {
        "created": count_phrase(counts[CREATE], RESULT_FORMS),
        "unchanged": count_phrase(counts[UNCHANGED], RESULT_FORMS),
    }
