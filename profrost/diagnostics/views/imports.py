"""The import of external diagnostic results: template, upload, check, confirm — core's import
pages (core/views_import.py), declared for diagnostic results."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core import views_import
from profrost.core.importers import CREATE, UNCHANGED
from profrost.core.text import count_phrase

from ..importers import ResultImporter

RESULT_FORMS = ("результат", "результата", "результатов")


class ResultsImport(views_import.OneKindImport):
    importer = ResultImporter
    refusal = gettext_lazy("Недостаточно прав для импорта результатов диагностики.")
    url_name = "diagnostics:results_import"
    title = gettext_lazy("Импорт результатов диагностики")
    batch_title = gettext_lazy("Импорт результатов: %(file)s")
    nothing_written = gettext_lazy("Ничего не записано.")
    record_forms = RESULT_FORMS
    record_label = gettext_lazy("Результат")

    def importer_for(self, batch=None):
        # The batch's answers say which instrument and campaign the results belong to.
        return ResultImporter(self.request.user, batch=batch)

    def applied_message(self, counts):
        return _("Импорт выполнен: загружено %(created)s, без изменений %(unchanged)s.") % {
            "created": count_phrase(counts[CREATE], RESULT_FORMS),
            "unchanged": count_phrase(counts[UNCHANGED], RESULT_FORMS),
        }


class ResultsImportView(ResultsImport, views_import.ImportStartView):
    template_name = "diagnostics/import.html"


class ResultsTemplateView(ResultsImport, views_import.ImportTemplateView):
    pass


class ResultsUploadView(ResultsImport, views_import.ImportUploadView):
    pass


class ResultsBatchView(ResultsImport, views_import.ImportBatchView):
    template_name = "diagnostics/import_batch.html"


class ResultsAnswersView(ResultsImport, views_import.ImportKindAnswersView):
    pass


class ResultsConfirmView(ResultsImport, views_import.ImportConfirmView):
    pass
