from django.apps import AppConfig


class DatarequestsConfig(AppConfig):
    name = "profrost.datarequests"
    label = "datarequests"
    verbose_name = "Запросы данных"
