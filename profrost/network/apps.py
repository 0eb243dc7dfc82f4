from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "profrost.network"
    label = "network"
    verbose_name = "Методическая сеть"

    def ready(self):
        # The portfolio is the achievements' page; the network adds its own sections to it.
        from profrost.achievements.portfolio import SECTIONS

        from . import portfolio

        for provider in (portfolio.events_section, portfolio.associations_section):
            if provider not in SECTIONS:
                SECTIONS.append(provider)

        # What is due is found here and told by notifications' daily task, which knows no app.
        from profrost.notifications.models import NotificationKind
        from profrost.notifications.reminders import register

        from . import reminders

        register(NotificationKind.EVENT_TOMORROW, reminders.event_tomorrow)
