from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "profrost.monitoring"
    label = "monitoring"
    verbose_name = "Мониторинг"
