from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_out, user_login_failed
from django.db.backends.signals import connection_created
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "profrost.core"
    label = "core"
    verbose_name = "Ядро"

    def ready(self):
        from axes.signals import user_locked_out

        from . import receivers
        from .search import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="profrost_fold")
        user_login_failed.connect(receivers.log_login_failed, dispatch_uid="profrost_login_failed")
        user_locked_out.connect(receivers.log_locked_out, dispatch_uid="profrost_locked_out")
        user_logged_out.connect(receivers.revoke_token_at_logout, dispatch_uid="profrost_logout")
        # The pickers' lookups are registered beside the forms that use them (core/lookups.py).
        autodiscover_modules("forms")
