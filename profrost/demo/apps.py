from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "profrost.demo"
    label = "demo"
    verbose_name = "Демо-регион"
