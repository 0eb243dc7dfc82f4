from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from profrost.core import audit_labels

AUDIT_LABELS = {
    "consents.consenttext.created": _("Утверждена редакция текста согласия"),
    "consents.consent.given": _("Внесено согласие на обработку персональных данных"),
    "consents.consent.withdrawn": _("Отозвано согласие на обработку персональных данных"),
    "consents.forms.printed": _("Распечатаны бланки согласия"),
    "consents.scan.viewed": _("Просмотрен скан согласия"),
    "consents.mydata.downloaded": _("Выгружены «Мои данные»"),
    "consents.retention.applied": _("Применены сроки хранения персональных данных"),
}


class ConsentsConfig(AppConfig):
    name = "profrost.consents"
    label = "consents"
    verbose_name = "Согласия на обработку персональных данных"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .prompt import ask_on_login

        audit_labels.register(AUDIT_LABELS)
        user_logged_in.connect(ask_on_login, dispatch_uid="consents.ask_on_login")
