"""Demo notifications: `build_demo_notifications(context)` runs last, after the diagnostics and
routes demos.

The services that built the demo told the demo logins of their events as they would in use:
those notifications are written on commit, with today's time, and as letters. Here the same
events are told ahead, inside the demo's transaction, dated when they happened (a campaign's
first day, a route's agreement), with the services' own messages and keys; the services' own
notifications then find them told already, so the demo sends no letter and its rows are the same
for the same seed and day. Unread stay a diagnostic still to be taken and a route agreed in the
demo's last week or not yet started; the rest is read. Every row counts as e-mailed, so no
digest sends the demo's past.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.diagnostics.models import Attempt, AttemptStatus
from profrost.diagnostics.services.attempts import assigned_message
from profrost.notifications.models import Notification, NotificationKind
from profrost.routes.models import Route, RouteStatus
from profrost.routes.services.notices import agreed_message

RECENT_DAYS = 7


def build_demo_notifications(context):
    rows = []
    for user in context.users.values():
        if user.person_id:
            rows += diagnostics_of(user, context.today)
            rows += routes_of(user, context.today)
    Notification.objects.bulk_create(rows)
    context.summary[_("Уведомления")] = len(rows)


def moment(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def told(user, kind, message, day, hour, read):
    at = moment(day, hour)
    return Notification(
        recipient=user,
        kind=kind,
        created_at=at,
        emailed_at=at,
        read_at=at + timedelta(hours=2) if read else None,
        **message,
    )


def diagnostics_of(user, today):
    attempts = (
        Attempt.objects.filter(person=user.person_id)
        .select_related("campaign")
        .order_by("campaign__starts_on", "pk")
    )
    return [
        told(
            user,
            NotificationKind.DIAGNOSTIC_ASSIGNED,
            assigned_message(attempt.campaign),
            min(attempt.campaign.starts_on, today),
            9,
            read=attempt.status != AttemptStatus.ASSIGNED or attempt.campaign.ends_on < today,
        )
        for attempt in attempts
    ]


def routes_of(user, today):
    routes = Route.objects.filter(person=user.person_id, agreed_on__isnull=False).order_by("pk")
    return [
        told(
            user,
            NotificationKind.ROUTE_AGREED,
            agreed_message(route),
            route.agreed_on,
            11,
            read=route.status != RouteStatus.AGREED
            and route.agreed_on < today - timedelta(days=RECENT_DAYS),
        )
        for route in routes
    ]
