"""What the event services tell people (docs/notifications.md): the person that their
registration for an event is confirmed."""

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.notifications.models import NotificationKind
from profrost.notifications.services import notify


def registration_confirmed(participation, event):
    """The registered person told once per event (a registration cancelled and made again is
    the same news)."""
    starts = timezone.localtime(event.starts_at)
    notify(
        get_user_model().objects.filter(person=participation.person_id),
        NotificationKind.EVENT_REGISTRATION_CONFIRMED,
        title=_("Вы зарегистрированы на мероприятие «%(title)s»") % {"title": event.title},
        text=_("Начало %(day)s в %(time)s. %(place)s")
        % {
            "day": format_date(starts.date()),
            "time": starts.strftime("%H:%M"),
            "place": event.place,
        },
        url=event.get_absolute_url(),
        key=f"event:{event.pk}",
    )
