from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from profrost.core import audit_labels

# The journal's names of this app's audit codes (core/audit_labels.py).
AUDIT_LABELS = {
    "accounts.user.created": _("Создана учётная запись"),
    "accounts.invitation.sent": _("Отправлено приглашение"),
    "accounts.invitation.accepted": _("Приглашение принято, пароль задан"),
    "accounts.user.deactivated": _("Учётная запись отключена"),
    "accounts.user.activated": _("Учётная запись включена"),
    "accounts.role.granted": _("Выдана роль: %(role_label)s"),
    "accounts.role.revoked": _("Отозвана роль: %(role_label)s"),
    "accounts.oidc.linked": _("Вход через региональный портал связан с учётной записью"),
    "accounts.oidc.refused": _("Вход через региональный портал отклонён"),
}


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "profrost.accounts"
    verbose_name = "Учётные записи"

    def ready(self):
        audit_labels.register(AUDIT_LABELS)
        # The staff import invites the people it creates without importing accounts.
        from profrost.registry.importers import invitations

        from .imports import invite_imported

        invitations.register(invite_imported)
