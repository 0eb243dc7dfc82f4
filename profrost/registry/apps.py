from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "profrost.registry"
    label = "registry"
    verbose_name = "Реестр"
