"""The import of the catalogue from the Федеральный реестр ДПП: template, upload, check,
confirm — core's import pages (core/views_import.py), declared for programs."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core import views_import
from profrost.core.importers import CREATE, UPDATE
from profrost.core.text import count_phrase

from ..importers import ProgramImporter

PROGRAM_FORMS = ("программа", "программы", "программ")


class ProgramImport(views_import.OneKindImport):
    importer = ProgramImporter
    refusal = gettext_lazy("Каталог программ импортирует региональный уровень.")
    url_name = "programs:import"
    title = gettext_lazy("Импорт программ из Федерального реестра ДПП")
    batch_title = gettext_lazy("Импорт программ: %(file)s")
    nothing_written = gettext_lazy("В каталог ничего не записано.")
    record_forms = PROGRAM_FORMS

    def applied_message(self, counts):
        return _("Импорт выполнен: создано %(created)s, обновлено %(updated)s.") % {
            "created": count_phrase(counts[CREATE], PROGRAM_FORMS),
            "updated": count_phrase(counts[UPDATE], PROGRAM_FORMS),
        }


class ImportView(ProgramImport, views_import.ImportStartView):
    template_name = "programs/import.html"


class ImportTemplateView(ProgramImport, views_import.ImportTemplateView):
    pass


class ImportUploadView(ProgramImport, views_import.ImportUploadView):
    pass


class ImportBatchView(ProgramImport, views_import.ImportBatchView):
    pass


class ImportAnswersView(ProgramImport, views_import.ImportKindAnswersView):
    pass


class ImportConfirmView(ProgramImport, views_import.ImportConfirmView):
    pass
