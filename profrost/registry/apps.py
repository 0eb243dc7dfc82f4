from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from profrost.core import audit_labels

AUDIT_LABELS = {
    "registry.person.viewed": _("Открыта карточка работника"),
    "registry.person.document_data_updated": _("Изменены данные для документов об обучении"),
    "registry.person.listed": _("Просмотрен список работников"),
    "registry.person.exported": _("Выгружен список работников"),
}


class RegistryConfig(AppConfig):
    name = "profrost.registry"
    label = "registry"
    verbose_name = "Реестр"

    def ready(self):
        audit_labels.register(AUDIT_LABELS)
        # What is due is found here and told by notifications' daily task, which knows no app.
        from profrost.notifications.models import NotificationKind
        from profrost.notifications.reminders import register

        from . import reminders

        register(NotificationKind.ATTESTATION_DUE, reminders.attestation_due)
