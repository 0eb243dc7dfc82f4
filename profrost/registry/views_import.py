"""Import pages: download a template, upload a file, see what it changes, confirm."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
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
from profrost.core.views_import import applied_with_results, chosen_options, preview_context

from .importers import IMPORTERS

RECENT_BATCHES = 10
RECORD_FORMS = ("запись", "записи", "записей")


def importer_class(kind, user):
    cls = IMPORTERS.get(kind)
    if cls is None:
        raise Http404
    if not cls.allowed(user):
        raise PermissionDenied(_("Недостаточно прав для этого импорта."))
    return cls


class ImportStartView(generic.TemplateView):
    template_name = "registry/import_start.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        kinds = [cls for cls in IMPORTERS.values() if cls.allowed(user)]
        if not kinds:
            raise PermissionDenied(_("Недостаточно прав для импорта."))
        batches = ImportBatch.objects.filter(user=user).defer("content", "summary")
        batches = batches[:RECENT_BATCHES]
        return super().get_context_data(
            title=_("Импорт из XLSX и CSV"),
            kinds=kinds,
            batches=[(batch, kind_name(batch.kind)) for batch in batches],
            max_size_mb=settings.IMPORT_MAX_FILE_SIZE // (1024 * 1024),
            **kwargs,
        )


def kind_name(kind):
    cls = IMPORTERS.get(kind)
    return cls.verbose_name if cls else kind


class ImportTemplateView(generic.View):
    def get(self, request, kind):
        cls = importer_class(kind, request.user)
        return xlsx_response(f"template_{cls.kind}", cls(request.user).template_xlsx())


class ImportUploadView(generic.View):
    http_method_names = ["post"]

    def post(self, request, kind):
        cls = importer_class(kind, request.user)
        upload = request.FILES.get("file")
        try:
            content = read_upload(upload)
            batch = check_import(cls(request.user), content, upload.name)
        except ImportFileError as error:
            messages.error(request, str(error))
            return redirect("registry:import_start")
        return redirect("registry:import_preview", pk=batch.pk)


class OwnBatchMixin:
    """A batch is seen only by the user who uploaded it; anyone else gets 404."""

    model = ImportBatch

    def get_queryset(self):
        return ImportBatch.objects.filter(user=self.request.user).defer("content")


class ImportPreviewView(OwnBatchMixin, generic.DetailView):
    template_name = "core/import_batch.html"
    context_object_name = "batch"

    def get_context_data(self, **kwargs):
        batch = self.object
        cls = IMPORTERS.get(batch.kind)
        return super().get_context_data(
            title=_("Импорт: %(file)s") % {"file": batch.filename},
            kind_name=kind_name(batch.kind),
            start_url=reverse("registry:import_start"),
            confirm_url=reverse("registry:import_confirm", args=[batch.pk]),
            answers_url=reverse("registry:import_answers", args=[batch.pk]),
            nothing_written=_("В реестр ничего не записано."),
            record_forms="запись,записи,записей",
            confirm_options=cls.offered_options(self.request.user) if cls else [],
            **preview_context(
                batch, cls is not None and cls.allowed(self.request.user), self.request.user
            ),
            **kwargs,
        )


class ImportAnswersView(OwnBatchMixin, views_import.ImportAnswersView):
    preview_url_name = "registry:import_preview"

    def importer_for(self, batch):
        return importer_class(batch.kind, self.request.user)(self.request.user)


class ImportConfirmView(OwnBatchMixin, generic.detail.SingleObjectMixin, generic.View):
    def get(self, request, pk):
        return redirect("registry:import_preview", pk=self.get_object().pk)

    def post(self, request, pk):
        batch = self.get_object()
        cls = importer_class(batch.kind, request.user)
        refusal = confirm_refusal(batch)
        if refusal:
            messages.warning(request, refusal)
            return redirect("registry:import_preview", pk=batch.pk)
        importer = cls(request.user)
        importer.confirm_choices = chosen_options(request, cls)
        batch = confirm_import(batch, importer)
        if batch.status == ImportBatchStatus.APPLYING:
            messages.info(request, views_import.applying_message())
        elif batch.status == ImportBatchStatus.APPLIED:
            message = applied_message(batch.summary["counts"])
            messages.success(request, applied_with_results(message, batch))
        else:
            messages.error(
                request,
                _(
                    "Импорт не выполнен: после проверки данные в реестре изменились и в файле "
                    "найдены ошибки. Ничего не записано — исправьте файл и загрузите его снова."
                ),
            )
        return redirect(reverse("registry:import_preview", args=[batch.pk]))


def applied_message(counts):
    return _("Импорт выполнен: создано %(created)s, обновлено %(updated)s.") % {
        "created": count_phrase(counts[CREATE], RECORD_FORMS),
        "updated": count_phrase(counts[UPDATE], RECORD_FORMS),
    }
