"""manage.py purge_imports: drop the files of abandoned import previews, for a server where
Celery beat does not run (cron, hourly)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from profrost.core.importers import purge_abandoned_imports


class Command(BaseCommand):
    help = _(
        "Удалить файлы импорта, не подтверждённые вовремя (IMPORT_PREVIEW_RETENTION_HOURS), и "
        "файлы уже завершённых импортов."
    )

    def handle(self, *args, **options):
        count = purge_abandoned_imports()
        self.stdout.write(_("Удалено файлов импорта: %(count)s.") % {"count": count})
