"""manage.py import_registry organizations|staff FILE [--user USERNAME] [--dry-run]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core.importers import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ImportFileError,
    confirm_import,
    preview_import,
)
from profrost.core.models import ImportBatchStatus
from profrost.registry.importers import IMPORTERS


class Command(BaseCommand):
    help = _("Импорт организаций или работников из XLSX или CSV (тот же, что на странице импорта).")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("file")
        parser.add_argument(
            "--user", help=_("Имя пользователя, от чьего имени и в чьих правах идёт импорт.")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Только проверить файл, ничего не записывать.")
        )

    def handle(self, *args, kind, file, user=None, dry_run=False, **options):
        importer = IMPORTERS[kind](self.find_user(user))
        if importer.user is not None and not importer.allowed(importer.user):
            raise CommandError(_("У пользователя нет прав на этот импорт."))
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
                batch = confirm_import(batch, importer)
            self.report(batch.summary)
            if batch.status != ImportBatchStatus.APPLIED:
                transaction.set_rollback(True)
                raise CommandError(_("Импорт не выполнен: в файле есть ошибки."))
        self.stdout.write(self.style.SUCCESS(_("Импорт выполнен.")))

    @staticmethod
    def find_user(username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(
                _("Пользователь %(user)s не найден.") % {"user": username}
            ) from error

    def report(self, summary):
        counts = summary["counts"]
        self.stdout.write(
            _(
                "Строк с данными: %(total)s. Создать: %(create)s, обновить: %(update)s, "
                "без изменений: %(unchanged)s, пропущено повторов: %(skipped)s, ошибок: %(errors)s."
            )
            % {**counts, "total": summary["total"]}
        )
        for note in summary["notes"]:
            self.stdout.write(f"  {note}")
        for action, label in ((CREATE, _("Создать")), (UPDATE, _("Обновить"))):
            for row in summary["rows"][action]:
                self.stdout.write(
                    _("  %(action)s, строка %(row)s: %(label)s") % {"action": label, **row}
                )
                for field, old, new in row["changes"]:
                    self.stdout.write(f"      {field}: {old or '—'} → {new or '—'}")
        if counts[UNCHANGED]:
            self.stdout.write(_("  Без изменений: %(count)s.") % {"count": counts[UNCHANGED]})
        for error in summary["errors"]:
            self.stderr.write(
                _("Строка %(row)s, столбец «%(column)s», значение «%(value)s»: %(reason)s") % error
            )
