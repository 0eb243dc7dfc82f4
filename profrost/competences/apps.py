from django.apps import AppConfig


class CompetencesConfig(AppConfig):
    name = "profrost.competences"
    label = "competences"
    verbose_name = "Компетенции"
