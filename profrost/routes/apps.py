from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from profrost.core import audit_labels

# The journal's names of this app's audit codes (core/audit_labels.py); a route's history
# shows them too.
AUDIT_LABELS = {
    "routes.route.built": _("Маршрут построен"),
    "routes.route.updated": _("Маршрут изменён"),
    "routes.route.deficit_noted": _("Пояснение к дефициту"),
    "routes.route.agreed": _("Маршрут согласован"),
    "routes.route.started": _("Выполнение начато"),
    "routes.route.completed": _("Маршрут завершён"),
    "routes.route.cancelled": _("Маршрут отменён"),
    "routes.route.rediagnosis_offered": _("Назначена повторная диагностика"),
    "routes.route.exported": _("Выгружен DOCX"),
    "routes.routeitem.created": _("Пункт добавлен"),
    "routes.routeitem.updated": _("Пункт изменён"),
    "routes.routeitem.deleted": _("Пункт удалён"),
    "routes.routeitem.moved": _("Порядок пунктов изменён"),
    "routes.routeitem.status_set": _("Отметка о выполнении"),
    "routes.routeitem.evidence_saved": _("Подтверждение"),
    "routes.routeitem.evidence_viewed": _("Просмотрен файл-подтверждение"),
    "routes.checkpoint.created": _("Контрольная точка добавлена"),
    "routes.checkpoint.updated": _("Контрольная точка изменена"),
    "routes.checkpoint.deleted": _("Контрольная точка удалена"),
    "routes.checkpoint.marked": _("Отметка контрольной точки"),
}


class RoutesConfig(AppConfig):
    name = "profrost.routes"
    label = "routes"
    verbose_name = "Индивидуальные образовательные маршруты"

    def ready(self):
        audit_labels.register(AUDIT_LABELS)
        # What is due is found here and told by notifications' daily task, which knows no app.
        from profrost.notifications.models import NotificationKind
        from profrost.notifications.reminders import register

        from . import reminders

        register(NotificationKind.CHECKPOINT_DUE, reminders.due_soon)
        register(NotificationKind.CHECKPOINT_OVERDUE, reminders.overdue)
