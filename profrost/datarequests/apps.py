from django.apps import AppConfig


class DatarequestsConfig(AppConfig):
    name = "profrost.datarequests"
    label = "datarequests"
    verbose_name = "Запросы данных"

    def ready(self):
        # What is due is found here and told by notifications' daily task, which knows no app.
        from profrost.notifications.models import NotificationKind
        from profrost.notifications.reminders import register

        from . import reminders

        register(NotificationKind.DATA_REQUEST_DEADLINE, reminders.deadline_soon)
