"""What every import preview page shares: its context, and the answers the user sends from it
(a column for each unknown header, a reference value for each unmatched one, and whether to
keep that value as a synonym)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views import generic

from .exporters import xlsx_response
from .importers import (
    ImportFileError,
    answer_import,
    answer_refusal,
    check_import,
    confirm_import,
    confirm_refusal,
    read_upload,
)
from .importers.mapping import SKIP
from .models import ImportBatch, ImportBatchStatus
from .roles import Perm
from .scoping import has_perm_anywhere


def preview_context(batch, can_confirm, user):
    """The context of a preview page from the batch's summary."""
    summary = batch.summary or {}
    questions = summary.get("questions") or {}
    waiting = batch.status in ImportBatchStatus.waiting()
    options = questions.get("options", {})
    values = questions.get("values", []) if waiting else []
    return {
        "summary": summary,
        "counts": summary.get("counts", {}),
        "rows": summary.get("rows", {}),
        "applied": batch.status == ImportBatchStatus.APPLIED,
        "busy": batch.status in ImportBatchStatus.busy(),
        "batch_status": ImportBatchStatus,
        "failure": summary.get("failure", ""),
        # The rows of the file past RETENTION_IMPORT_FILES_DAYS (consents/retention.py).
        "purged_on": parse_date(summary.get("purged_on") or ""),
        "can_confirm": can_confirm and batch.status == ImportBatchStatus.PREVIEWED,
        "waits_for_answers": batch.status == ImportBatchStatus.QUESTIONS,
        "column_questions": questions.get("columns", []) if waiting else [],
        "fields": questions.get("fields", []),
        "value_questions": [(value, options.get(value["column"], [])) for value in values],
        "can_add_synonyms": has_perm_anywhere(user, Perm.MANAGE_REFERENCE),
    }


def chosen_options(request, importer_class):
    """The confirm options the user ticked, among those offered to them: a tick of an option
    not offered (a forged form) is ignored. A letter's link starts with the site's address."""
    chosen = {
        option.key: True
        for option in importer_class.offered_options(request.user)
        if request.POST.get(f"option-{option.key}")
    }
    if chosen:
        chosen["base_url"] = request.build_absolute_uri("/")
    return chosen


def applied_with_results(message, batch):
    """The confirmation's message and what writing did besides the rows."""
    return " ".join([str(message), *batch.summary.get("results", [])])


def applying_message():
    return _("Файл большой и записывается в фоне: итог появится на этой странице.")


def read_answers(data, summary):
    """The answers posted from a preview: the selects are numbered as the batch keeps its
    questions, so nothing but a listed header or value can be answered."""
    questions = (summary or {}).get("questions") or {}
    fields = {key for key, _label in questions.get("fields", [])}
    columns = {}
    for number, question in enumerate(questions.get("columns", [])):
        chosen = data.get(f"column-{number}")
        if chosen is not None and (chosen == SKIP or chosen in fields):
            columns[question["key"]] = (question["header"], chosen)
    values, synonyms = {}, []
    options = questions.get("options", {})
    for number, question in enumerate(questions.get("values", [])):
        pk = _pk(data.get(f"value-{number}"))
        allowed = {pk for pk, _label in options.get(question["column"], [])}
        if pk is None or pk not in allowed:
            continue
        values[(question["column"], question["key"])] = pk
        if data.get(f"synonym-{number}"):
            synonyms.append((question["column"], question["value"], pk))
    return {"columns": columns, "values": values, "synonyms": synonyms}


def _pk(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


class ImportAnswersView(generic.detail.SingleObjectMixin, generic.View):
    """Check a kept file again with the answers from its preview. A subclass gives the
    queryset of the user's own batches, the importer and the name of the preview page."""

    http_method_names = ["post"]
    preview_url_name = ""

    def importer_for(self, batch):
        raise NotImplementedError

    def post(self, request, pk):
        batch = self.get_object()
        importer = self.importer_for(batch)
        refusal = answer_refusal(batch)
        if refusal:
            messages.warning(request, refusal)
            return redirect(self.preview_url_name, pk=batch.pk)
        batch = answer_import(batch, importer, **read_answers(request.POST, batch.summary))
        messages.info(request, _("Файл проверен заново с вашими ответами."))
        return redirect(self.preview_url_name, pk=batch.pk)


class OneKindImport:
    """The pages of one kind of import, declared once: a subclass per kind names the importer,
    the refusal for those who may not import, the page titles and the base of its URL names
    (`<url_name>`, `<url_name>_template`, `_upload`, `_batch`, `_answers`, `_confirm`); the
    views below mix it in.
    A batch is seen only by the user who uploaded it; anyone else gets 404."""

    importer = None
    refusal = ""
    url_name = ""
    title = ""
    batch_title = ""  # with %(file)s
    nothing_written = ""
    record_forms = ()  # the Russian plural forms of a row: «программа, программы, программ»
    record_label = ""
    model = ImportBatch
    context_object_name = "batch"
    # The uploader of a batch still sees its preview after losing the right to import.
    needs_right = True

    def dispatch(self, request, *args, **kwargs):
        if self.needs_right:
            self.check_right()
        return super().dispatch(request, *args, **kwargs)

    def check_right(self):
        if not self.importer.allowed(self.request.user):
            raise PermissionDenied(self.refusal)

    def get_queryset(self):
        return ImportBatch.objects.filter(user=self.request.user, kind=self.importer.kind).defer(
            "content"
        )

    def importer_for(self, batch=None):
        return self.importer(self.request.user)

    def url(self, suffix=""):
        return f"{self.url_name}{suffix}"

    def applied_message(self, counts):
        raise NotImplementedError


class ImportStartView(OneKindImport, generic.TemplateView):
    """The import page: the template to download, the upload form, the user's last batches."""

    recent_batches = 10

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title,
            importer=self.importer,
            batches=self.get_queryset().defer("summary")[: self.recent_batches],
            max_size_mb=settings.IMPORT_MAX_FILE_SIZE // (1024 * 1024),
            template_url=reverse(self.url("_template")),
            upload_url=reverse(self.url("_upload")),
            batch_url_name=self.url("_batch"),
            **kwargs,
        )


class ImportTemplateView(OneKindImport, generic.View):
    def get(self, request):
        return xlsx_response(f"template_{self.importer.kind}", self.importer_for().template_xlsx())


class ImportUploadView(OneKindImport, generic.View):
    http_method_names = ["post"]

    def post(self, request):
        upload = request.FILES.get("file")
        try:
            content = read_upload(upload)
            batch = check_import(self.importer_for(), content, upload.name)
        except ImportFileError as error:
            messages.error(request, str(error))
            return redirect(self.url())
        return redirect(self.url("_batch"), pk=batch.pk)


class ImportBatchView(OneKindImport, generic.DetailView):
    """The preview of a batch: counts, errors, questions, and the confirmation."""

    template_name = "core/import_batch.html"
    needs_right = False

    def get_context_data(self, **kwargs):
        batch = self.object
        allowed = self.importer.allowed(self.request.user)
        context = {
            "title": self.batch_title % {"file": batch.filename},
            "start_url": reverse(self.url()),
            "confirm_url": reverse(self.url("_confirm"), args=[batch.pk]),
            "answers_url": reverse(self.url("_answers"), args=[batch.pk]),
            "nothing_written": self.nothing_written,
            "record_forms": ",".join(self.record_forms),
            "confirm_options": self.importer.offered_options(self.request.user),
            **preview_context(batch, allowed, self.request.user),
        }
        if self.record_label:
            context["record_label"] = self.record_label
        return super().get_context_data(**context, **kwargs)


class ImportKindAnswersView(OneKindImport, ImportAnswersView):
    @property
    def preview_url_name(self):
        return self.url("_batch")


class ImportConfirmView(OneKindImport, generic.detail.SingleObjectMixin, generic.View):
    """Write a previewed batch once; a large one in the background."""

    needs_right = False

    def get(self, request, pk):
        return redirect(self.url("_batch"), pk=self.get_object().pk)

    def post(self, request, pk):
        batch = self.get_object()
        self.check_right()
        refusal = confirm_refusal(batch)
        if refusal:
            messages.warning(request, refusal)
            return redirect(self.url("_batch"), pk=batch.pk)
        importer = self.importer_for(batch)
        importer.confirm_choices = chosen_options(request, self.importer)
        batch = confirm_import(batch, importer)
        if batch.status == ImportBatchStatus.APPLYING:
            messages.info(request, applying_message())
        elif batch.status == ImportBatchStatus.APPLIED:
            message = self.applied_message(batch.summary["counts"])
            messages.success(request, applied_with_results(message, batch))
        else:
            messages.error(request, changed_since_check_message())
        return redirect(self.url("_batch"), pk=batch.pk)


def changed_since_check_message():
    return _(
        "Импорт не выполнен: после проверки данные изменились и в файле найдены ошибки. "
        "Ничего не записано — исправьте файл и загрузите его снова."
    )
