"""manage.py import_results FILE [--user USERNAME] [--dry-run]"""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from profrost.core.importers import confirm_import
from profrost.diagnostics.importers import ResultImporter
from profrost.registry.management.commands.import_registry import Command as ImportCommand


class Command(ImportCommand):
    help = _(
        "Импорт результатов внешней диагностики из XLSX или CSV (тот же, что на странице "
        "импорта результатов)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--user",
            help=_(
                "Имя пользователя, от чьего имени и в чьих правах идёт импорт (без него — от "
                "имени системы, по всем работникам)."
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Только проверить файл, ничего не записывать.")
        )

    def handle(self, *args, file, user=None, dry_run=False, **options):
        importer = ResultImporter(self.find_user(user))
        if importer.user is not None and not importer.allowed(importer.user):
            raise CommandError(_("У пользователя нет прав на импорт результатов диагностики."))
        self.import_file(importer, file, dry_run)

    def confirm(self, batch, importer):
        importer.batch = batch  # the results remember the batch they came from
        return confirm_import(batch, importer, background=False)
