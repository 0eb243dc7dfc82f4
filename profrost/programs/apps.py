from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from profrost.core import audit_labels

AUDIT_LABELS = {
    "programs.enrollment.document_updated": _("Изменены данные документа об обучении"),
    "programs.register.exported": _("Выгрузка документов в ФИС ФРДО"),
}


class ProgramsConfig(AppConfig):
    name = "profrost.programs"
    label = "programs"
    verbose_name = "Программы ДПО"

    def ready(self):
        audit_labels.register(AUDIT_LABELS)
        # What is due is found here and told by notifications' daily task, which knows no app.
        from profrost.notifications.models import NotificationKind
        from profrost.notifications.reminders import register

        from . import reminders

        register(NotificationKind.COURSE_STARTING, reminders.course_starting)
