"""manage.py backup_drill: back up the database and the media folder, restore both into a
fresh database and folder, and compare them with the source (core/backup.py). Exits non-zero
on any difference; `make test` runs it on the demo, docs/deploy.md says when to run it on the
server."""

import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from profrost.core.backup import Drill, DrillError, missing_tools, report


class Command(BaseCommand):
    help = _(
        "Учения по восстановлению: копия базы PostgreSQL (pg_dump) и каталога файлов (tar), "
        "восстановление в новую базу и новый каталог, сравнение строк и контрольных сумм "
        "каждой таблицы и каждого файла. Код выхода не 0 при любом различии."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep",
            metavar=_("КАТАЛОГ"),
            help=_("Оставить проверенную копию (дамп и архив файлов) в этом каталоге."),
        )

    def handle(self, *args, keep, verbosity, **options):
        refuse_unless_possible()
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="profrost-drill-") as workdir:
            drill = Drill(connection.settings_dict, settings.MEDIA_ROOT, workdir, self.stdout.write)
            outcome = self.exercise(drill)
            self.stdout.write("\n".join(report(outcome, verbose=verbosity > 1)))
            if not outcome.identical:
                raise CommandError(_("Восстановленная копия отличается от исходной."))
            if keep:
                drill.keep(Path(keep))
        self.stdout.write(
            self.style.SUCCESS(
                _("Копия восстановлена, всё совпадает (%(seconds).0f с).")
                % {"seconds": time.monotonic() - started}
            )
        )

    def exercise(self, drill):
        try:
            drill.backup()
            try:
                drill.restore()
                return drill.compare()
            finally:
                drill.drop()
        except DrillError as error:
            raise CommandError(str(error)) from error


def refuse_unless_possible():
    if connection.vendor != "postgresql":
        raise CommandError(
            _(
                "Учения по восстановлению проводятся только на PostgreSQL (DATABASE_URL), а "
                "сейчас база — %(vendor)s. Копия SQLite — это копия файла %(path)s, снятая при "
                "остановленных процессах (docs/deploy.md)."
            )
            % {"vendor": connection.vendor, "path": connection.settings_dict["NAME"]}
        )
    missing = missing_tools()
    if missing:
        raise CommandError(
            _("Не найдены программы: %(tools)s. Установите пакет postgresql-client.")
            % {"tools": ", ".join(missing)}
        )
