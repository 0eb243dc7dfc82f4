"""manage.py purge_exports: remove the files of background exports past their day, for a
server where Celery beat does not run (cron, hourly)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from profrost.core.exports import purge_old_exports


class Command(BaseCommand):
    help = _("Удалить файлы выгрузок старше EXPORT_RETENTION_HOURS часов.")

    def handle(self, *args, **options):
        count = purge_old_exports()
        self.stdout.write(_("Удалено файлов выгрузок: %(count)s.") % {"count": count})
