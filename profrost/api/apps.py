from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "profrost.api"
    label = "api"
    verbose_name = "API"
