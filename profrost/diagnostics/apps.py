from django.apps import AppConfig


class DiagnosticsConfig(AppConfig):
    name = "profrost.diagnostics"
    label = "diagnostics"
    verbose_name = "Диагностика"
