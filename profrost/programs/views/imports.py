"""The import of the catalogue from the Федеральный реестр ДПП: template, upload, check,
confirm."""

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
    UPDATE,
    ImportFileError,
    check_import,
    confirm_import,
    confirm_refusal,
    read_upload,
)
from profrost.core.models import ImportBatch, ImportBatchStatus
from profrost.core.text import count_phrase
from profrost.core.views_import import preview_context

from ..importers import ProgramImporter

RECENT_BATCHES = 10
PROGRAM_FORMS = ("программа", "программы", "программ")


class ImportAllowedMixin:
    def dispatch(self, request, *args, **kwargs):
        if not ProgramImporter.allowed(request.user):
            raise PermissionDenied(_("Каталог программ импортирует региональный уровень."))
        return super().dispatch(request, *args, **kwargs)


def own_batches(user):
    """A batch is seen only by the user who uploaded it; anyone else gets 404."""
    return ImportBatch.objects.filter(user=user, kind=ProgramImporter.kind).defer("content")


class ImportView(ImportAllowedMixin, generic.TemplateView):
    template_name = "programs/import.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Импорт программ из Федерального реестра ДПП"),
            importer=ProgramImporter,
            batches=own_batches(self.request.user).defer("summary")[:RECENT_BATCHES],
            max_size_mb=settings.IMPORT_MAX_FILE_SIZE // (1024 * 1024),
            **kwargs,
        )


class ImportTemplateView(ImportAllowedMixin, generic.View):
    def get(self, request):
        content = ProgramImporter(request.user).template_xlsx()
        return xlsx_response(f"template_{ProgramImporter.kind}", content)


class ImportUploadView(ImportAllowedMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request):
        upload = request.FILES.get("file")
        try:
            content = read_upload(upload)
            batch = check_import(ProgramImporter(request.user), content, upload.name)
        except ImportFileError as error:
            messages.error(request, str(error))
            return redirect("programs:import")
        return redirect("programs:import_batch", pk=batch.pk)


class OwnBatchMixin:
    model = ImportBatch

    def get_queryset(self):
        return own_batches(self.request.user)


class ImportBatchView(OwnBatchMixin, generic.DetailView):
    template_name = "core/import_batch.html"
    context_object_name = "batch"

    def get_context_data(self, **kwargs):
        batch = self.object
        return super().get_context_data(
            title=_("Импорт программ: %(file)s") % {"file": batch.filename},
            start_url=reverse("programs:import"),
            confirm_url=reverse("programs:import_confirm", args=[batch.pk]),
            answers_url=reverse("programs:import_answers", args=[batch.pk]),
            nothing_written=_("В каталог ничего не записано."),
            record_forms="программа,программы,программ",
            **preview_context(batch, ProgramImporter.allowed(self.request.user), self.request.user),
            **kwargs,
        )


class ImportAnswersView(ImportAllowedMixin, OwnBatchMixin, views_import.ImportAnswersView):
    preview_url_name = "programs:import_batch"

    def importer_for(self, batch):
        return ProgramImporter(self.request.user)


class ImportConfirmView(OwnBatchMixin, generic.detail.SingleObjectMixin, generic.View):
    def get(self, request, pk):
        return redirect("programs:import_batch", pk=self.get_object().pk)

    def post(self, request, pk):
        batch = self.get_object()
        if not ProgramImporter.allowed(request.user):
            raise PermissionDenied(_("Каталог программ импортирует региональный уровень."))
        refusal = confirm_refusal(batch)
        if refusal:
            messages.warning(request, refusal)
            return redirect("programs:import_batch", pk=batch.pk)
        batch = confirm_import(batch, ProgramImporter(request.user))
        if batch.status == ImportBatchStatus.APPLYING:
            messages.info(request, views_import.applying_message())
        elif batch.status == ImportBatchStatus.APPLIED:
            counts = batch.summary["counts"]
            messages.success(
                request,
                _("Импорт выполнен: создано %(created)s, обновлено %(updated)s.")
                % {
                    "created": count_phrase(counts[CREATE], PROGRAM_FORMS),
                    "updated": count_phrase(counts[UPDATE], PROGRAM_FORMS),
                },
            )
        else:
            messages.error(
                request,
                _(
                    "Импорт не выполнен: после проверки данные изменились и в файле найдены "
                    "ошибки. Ничего не записано — исправьте файл и загрузите его снова."
                ),
            )
        return redirect("programs:import_batch", pk=batch.pk)
