from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from profrost.core import audit_labels


class DiagnosticsConfig(AppConfig):
    name = "profrost.diagnostics"
    label = "diagnostics"
    verbose_name = "Диагностика"

    def ready(self):
        audit_labels.register(
            {
                "diagnostics.attempt.viewed": _("Просмотрены результаты диагностики работника"),
                "diagnostics.competenceresult.viewed": _("Просмотрен результат диагностики"),
                "diagnostics.competenceresult.listed": _("Просмотрен список результатов"),
                "diagnostics.deficit.listed": _("Просмотрен список дефицитов"),
                "diagnostics.deficit_map.viewed": _("Просмотрена карта дефицитов работника"),
            }
        )
        # The framework's pages count instruments without importing diagnostics.
        from profrost.competences import usage

        from . import selectors

        usage.register(
            visible_instruments=selectors.visible_instruments,
            reads_instruments=selectors.reads_instruments,
            competence_links=selectors.competence_links,
        )

        # What is due is found here and told by notifications' daily task, which knows no app.
        from profrost.notifications.models import NotificationKind
        from profrost.notifications.reminders import register

        from . import reminders

        register(NotificationKind.DIAGNOSTIC_DEADLINE, reminders.deadline_soon)
