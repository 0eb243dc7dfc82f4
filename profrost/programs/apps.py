from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "profrost.programs"
    label = "programs"
    verbose_name = "Программы ДПО"
