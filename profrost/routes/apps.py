from django.apps import AppConfig


class RoutesConfig(AppConfig):
    name = "profrost.routes"
    label = "routes"
    verbose_name = "Индивидуальные образовательные маршруты"
