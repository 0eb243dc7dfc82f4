"""The network's reminder (docs/notifications.md, «Напоминания»): an event tomorrow, to the
people registered for it; registered in NetworkConfig.ready()."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.notifications.reminders import grouped

from .models import EventStatus, Participation


def event_tomorrow(today):
    rows = (
        Participation.objects.filter(
            event__starts_at__date=today + timedelta(days=1), person__user__is_active=True
        )
        .exclude(event__status=EventStatus.CANCELLED)
        .values_list("event_id", "event__title", "event__starts_at", "event__place", "person__user")
    )
    return grouped(((row[:4], row[4]) for row in rows), tomorrow_message)


def tomorrow_message(event):
    pk, title, starts_at, place = event
    starts = timezone.localtime(starts_at)
    values = {"title": title, "time": starts.strftime("%H:%M"), "place": place}
    return {
        "title": _("Завтра в %(time)s — мероприятие «%(title)s»") % values,
        "text": place,
        "url": reverse("network:event_detail", args=[pk]),
        "key": f"event:{pk}:{starts.date().isoformat()}",
    }
