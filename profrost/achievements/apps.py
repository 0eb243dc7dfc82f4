from django.apps import AppConfig


class AchievementsConfig(AppConfig):
    name = "profrost.achievements"
    label = "achievements"
    verbose_name = "Достижения и экспертиза"
