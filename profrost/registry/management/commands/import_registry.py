"""manage.py import_registry organizations|staff FILE [--user USERNAME] [--dry-run]

The exit code tells whether the file is good: non-zero when any row is refused, with --dry-run
as without it, so a script can trust it. The output ends with the counts.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core.importers import (
    CREATE,
    UPDATE,
    ImportFileError,
    confirm_import,
    place_text,
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
        self.import_file(importer, file, dry_run)

    def import_file(self, importer, file, dry_run):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(_("Не удалось открыть файл %(file)s.") % {"file": file}) from error
        try:
            if dry_run:
                self.check(importer, content, path.name)
            else:
                self.run(importer, content, path.name)
        except ImportFileError as error:
            raise CommandError(str(error)) from error

    def check(self, importer, content, filename):
        summary = importer.plan(content, filename).summary()
        self.report(summary)
        self.stdout.write(self.counts(summary))
        if summary["counts"]["errors"]:
            raise CommandError(
                _("Файл не прошёл проверку: ошибок — %(errors)s. Ничего не записано.")
                % {"errors": summary["counts"]["errors"]}
            )

    def run(self, importer, content, filename):
        with transaction.atomic():
            batch = preview_import(importer, content, filename)
            if batch.status == ImportBatchStatus.PREVIEWED:
                batch = self.confirm(batch, importer)
            self.report(batch.summary)
            if batch.status != ImportBatchStatus.APPLIED:
                self.stdout.write(self.counts(batch.summary))
                transaction.set_rollback(True)
                raise CommandError(_("Импорт не выполнен: в файле есть ошибки."))
        self.stdout.write(self.style.SUCCESS(_("Импорт выполнен.")))
        self.stdout.write(self.counts(batch.summary))

    def confirm(self, batch, importer):
        return confirm_import(batch, importer, background=False)

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
        """Notes, planned changes and errors; a batch keeps only the first of each."""
        counts = summary["counts"]
        for note in summary["notes"]:
            self.stdout.write(f"  {note}")
        for action, label in ((CREATE, _("Создать")), (UPDATE, _("Обновить"))):
            for row in summary["rows"][action]:
                self.stdout.write(
                    _("  %(action)s, строка %(row)s: %(label)s")
                    % {"action": label, "row": place_text(row), "label": row["label"]}
                )
                for field, old, new in row["changes"]:
                    self.stdout.write(f"      {field}: {old or '—'} → {new or '—'}")
            self.more(self.stdout, counts[action] - len(summary["rows"][action]))
        for error in summary["errors"]:
            self.stderr.write(
                _("Строка %(row)s, столбец «%(column)s», значение «%(value)s»: %(reason)s")
                % {**error, "row": place_text(error)}
            )
        self.more(self.stderr, counts["errors"] - len(summary["errors"]))

    @staticmethod
    def more(stream, hidden):
        if hidden > 0:
            stream.write(_("  …и ещё %(count)s.") % {"count": hidden})

    @staticmethod
    def counts(summary):
        return _(
            "Строк с данными: %(total)s. Создать: %(create)s, обновить: %(update)s, "
            "без изменений: %(unchanged)s, пропущено повторов: %(skipped)s, ошибок: %(errors)s."
        ) % {**summary["counts"], "total": summary["total"]}
