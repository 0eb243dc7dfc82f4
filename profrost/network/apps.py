from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "profrost.network"
    label = "network"
    verbose_name = "Методическая сеть"
