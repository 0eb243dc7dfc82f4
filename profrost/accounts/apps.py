from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "profrost.accounts"
    verbose_name = "Учётные записи"

    def ready(self):
        # The staff import invites the people it creates without importing accounts.
        from profrost.registry.importers import invitations

        from .imports import invite_imported

        invitations.register(invite_imported)
