from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "profrost.practices"
    label = "practices"
    verbose_name = "Практики, инновации, материалы"
