from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "profrost.core"
    label = "core"
    verbose_name = "Ядро"

    def ready(self):
        from .search import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="profrost_fold")
