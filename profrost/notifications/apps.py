from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "profrost.notifications"
    label = "notifications"
    verbose_name = "Уведомления"
