"""What every import preview page shares: its context, and the answers the user sends from it
(a column for each unknown header, a reference value for each unmatched one, and whether to
keep that value as a synonym)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import generic

from .importers import answer_import, answer_refusal
from .importers.mapping import SKIP
from .models import ImportBatchStatus
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
        "can_confirm": can_confirm and batch.status == ImportBatchStatus.PREVIEWED,
        "waits_for_answers": batch.status == ImportBatchStatus.QUESTIONS,
        "column_questions": questions.get("columns", []) if waiting else [],
        "fields": questions.get("fields", []),
        "value_questions": [(value, options.get(value["column"], [])) for value in values],
        "can_add_synonyms": has_perm_anywhere(user, Perm.MANAGE_REFERENCE),
    }


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
