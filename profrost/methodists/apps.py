from django.apps import AppConfig


class MethodistsConfig(AppConfig):
    name = "profrost.methodists"
    label = "methodists"
    verbose_name = "Региональный методический актив"
