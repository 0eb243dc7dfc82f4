import importlib
import importlib.util

from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "profrost.network"
    label = "network"
    verbose_name = "Методическая сеть"

    def ready(self):
        # The portfolio is another app's page; the network adds its sections when it is there.
        if importlib.util.find_spec("profrost.achievements.portfolio") is None:
            return
        from . import portfolio

        sections = importlib.import_module("profrost.achievements.portfolio").SECTIONS
        for provider in (portfolio.events_section, portfolio.associations_section):
            if provider not in sections:
                sections.append(provider)
