from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "profrost.programs"
    label = "programs"
    verbose_name = "Программы ДПО"

    def ready(self):
        # What is due is found here and told by notifications' daily task, which knows no app.
        from profrost.notifications.models import NotificationKind
        from profrost.notifications.reminders import register

        from . import reminders

        register(NotificationKind.COURSE_STARTING, reminders.course_starting)
