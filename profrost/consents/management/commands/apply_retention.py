"""manage.py apply_retention [--dry-run]: apply the retention terms of personal data
(docs/personal-data.md, «Сроки хранения»), as the daily Celery task does; for a server where
Celery beat does not run (cron, daily), and to see what is due before it goes."""

from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.consents.retention import apply_retention
from profrost.core.dates import format_date

WHAT = {
    "dismissed": (gettext_lazy("работа окончена раньше"), gettext_lazy("обезличено")),
    "imports": (gettext_lazy("загружены раньше"), gettext_lazy("очищено пакетов")),
    "audit": (gettext_lazy("сделаны раньше"), gettext_lazy("удалено записей")),
}
WOULD = {
    "dismissed": gettext_lazy("будет обезличено"),
    "imports": gettext_lazy("будет очищено пакетов"),
    "audit": gettext_lazy("будет удалено записей"),
}


def line(outcome, dry_run):
    if not outcome.days:
        return _("%(title)s: хранятся бессрочно (%(setting)s = 0).") % {
            "title": outcome.title,
            "setting": outcome.setting,
        }
    before = outcome.before
    if isinstance(before, datetime):
        before = timezone.localdate(before)
    since, done = WHAT[outcome.key]
    return _("%(title)s (срок — %(days)s дн., %(since)s %(date)s): %(done)s — %(count)s.") % {
        "title": outcome.title,
        "days": outcome.days,
        "since": since,
        "date": format_date(before),
        "done": WOULD[outcome.key] if dry_run else done,
        "count": outcome.count,
    }


class Command(BaseCommand):
    help = _(
        "Применить сроки хранения персональных данных: обезличить уволенных работников, очистить "
        "старые пакеты импорта, удалить старые записи журнала."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Только показать, что будет сделано, ничего не меняя."),
        )

    def handle(self, *args, dry_run=False, **options):
        try:
            outcomes = apply_retention(dry_run=dry_run)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if dry_run:
            self.stdout.write(_("Пробный прогон: ничего не изменено."))
        for outcome in outcomes:
            self.stdout.write(line(outcome, dry_run))
