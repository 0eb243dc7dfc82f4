from django.apps import AppConfig


class RoutesConfig(AppConfig):
    name = "profrost.routes"
    label = "routes"
    verbose_name = "Индивидуальные образовательные маршруты"

    def ready(self):
        # What is due is found here and told by notifications' daily task, which knows no app.
        from profrost.notifications.models import NotificationKind
        from profrost.notifications.reminders import register

        from . import reminders

        register(NotificationKind.CHECKPOINT_DUE, reminders.due_soon)
        register(NotificationKind.CHECKPOINT_OVERDUE, reminders.overdue)
