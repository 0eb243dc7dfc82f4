from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "profrost.registry"
    label = "registry"
    verbose_name = "Реестр"

    def ready(self):
        # What is due is found here and told by notifications' daily task, which knows no app.
        from profrost.notifications.models import NotificationKind
        from profrost.notifications.reminders import register

        from . import reminders

        register(NotificationKind.ATTESTATION_DUE, reminders.attestation_due)
