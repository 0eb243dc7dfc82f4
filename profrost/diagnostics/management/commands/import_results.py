"""manage.py import_results FILE [--user USERNAME] [--dry-run]"""

from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core.importers import ImportFileError, confirm_import, preview_import
from profrost.core.models import ImportBatchStatus
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
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(_("Не удалось открыть файл %(file)s.") % {"file": file}) from error
        try:
            if dry_run:
                self.report(importer.plan(content, path.name).summary())
                return
            self.run(importer, content, path.name)
        except ImportFileError as error:
            raise CommandError(str(error)) from error

    def run(self, importer, content, filename):
        with transaction.atomic():
            batch = preview_import(importer, content, filename)
            if batch.status == ImportBatchStatus.PREVIEWED:
                importer.batch = batch
                batch = confirm_import(batch, importer)
            self.report(batch.summary)
            if batch.status != ImportBatchStatus.APPLIED:
                transaction.set_rollback(True)
                raise CommandError(_("Импорт не выполнен: в файле есть ошибки."))
        self.stdout.write(self.style.SUCCESS(_("Импорт выполнен.")))
