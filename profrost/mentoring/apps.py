from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "profrost.mentoring"
    label = "mentoring"
    verbose_name = "Наставничество"
