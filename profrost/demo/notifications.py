"""Demo notifications: `build_demo_notifications(context)` runs last, after the diagnostics and
routes demos.

The services that built the demo told the demo logins of their events as they would in use:
those notifications are written on commit, with today's time, and as letters. Here the same
events are told ahead, inside the demo's transaction, dated when they happened (a campaign's
first day, a route's agreement), with the services' own messages and keys; the services' own
notifications then find them told already, so the demo sends no letter and its rows are the same
for the same seed and day. Unread stay a diagnostic still to be taken and a route agreed in the
demo's last week or not yet started, and a burnout screening of the last week that needs the
psychologist's attention; the rest is read. Every row counts as e-mailed, so no
digest sends the demo's past.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.datarequests import notices as datarequest_notices
from profrost.datarequests.models import RecipientStatus, RequestRecipient, RequestStatus
from profrost.diagnostics.models import Attempt, AttemptStatus, Deficit
from profrost.diagnostics.selectors import needing_attention
from profrost.diagnostics.services import notices as diagnostics_notices
from profrost.diagnostics.services.attempts import assigned_message
from profrost.monitoring.models import MonitoringPeriod, PeriodStatus, Recommendation
from profrost.monitoring.models import RecommendationStatus as Status
from profrost.monitoring.services import notices as monitoring_notices
from profrost.notifications.models import Notification, NotificationKind
from profrost.notifications.reminders import FINDERS
from profrost.notifications.services import event_fields
from profrost.routes.models import Route, RouteStatus
from profrost.routes.services.notices import agreed_message

RECENT_DAYS = 7


def build_demo_notifications(context):
    today = context.today
    rows = []
    for user in context.users.values():
        if user.person_id:
            rows += diagnostics_of(user, today)
            rows += routes_of(user, today)
    rows += recommendations(today)
    rows += data_requests(today)
    rows += periods(today)
    rows += screenings(today)
    rows += reminders(today)
    rows = once(rows)
    Notification.objects.bulk_create(rows)
    context.summary[_("Уведомления")] = len(rows)


def once(rows):
    """Each event told to each user once, as the unique key wants (the earliest telling)."""
    seen, kept = set(), []
    for row in sorted(rows, key=lambda row: row.created_at):
        key = (row.recipient_id, row.kind, row.key)
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def moment(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def told(user, kind, message, day, hour, read):
    return told_at(user, kind, message, moment(day, hour), read)


def told_at(user, kind, message, at, read):
    """`user` a User or its id; the fields as `notify` would write them."""
    return Notification(
        recipient_id=getattr(user, "pk", user),
        created_at=at,
        emailed_at=at,
        read_at=at + timedelta(hours=2) if read else None,
        **event_fields(kind, message),
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


def recent(at, today):
    return timezone.localtime(at).date() >= today - timedelta(days=RECENT_DAYS)


def recommendations(today):
    """Addressees told of each recommendation when it was made (unread while unanswered), its
    author of the answer (unread in the last week)."""
    rows = []
    for recommendation in Recommendation.objects.order_by("pk"):
        message = monitoring_notices.received_message(recommendation)
        for user_id in monitoring_notices.addressees(recommendation).values_list("pk", flat=True):
            unanswered = recommendation.status == Status.NEW
            rows.append(
                told_at(
                    user_id,
                    NotificationKind.RECOMMENDATION_RECEIVED,
                    message,
                    recommendation.created,
                    read=not unanswered,
                )
            )
        if recommendation.answered_at and recommendation.created_by_id:
            rows.append(
                told_at(
                    recommendation.created_by_id,
                    NotificationKind.RECOMMENDATION_ANSWERED,
                    monitoring_notices.answered_message(recommendation),
                    recommendation.answered_at,
                    read=not recent(recommendation.answered_at, today),
                )
            )
    return rows


def data_requests(today):
    """Each recipient organization's administrators told when the request was sent; read once
    they answered or the request closed."""
    recipients = list(
        RequestRecipient.objects.exclude(request__sent_at=None)
        .select_related("request")
        .order_by("pk")
    )
    users = datarequest_notices.answerers([r.organization_id for r in recipients])
    rows = []
    for recipient in recipients:
        message = datarequest_notices.received_message(recipient.request, recipient)
        done = (
            recipient.status == RecipientStatus.SUBMITTED
            or recipient.request.status == RequestStatus.CLOSED
        )
        rows += [
            told_at(
                user_id,
                NotificationKind.DATA_REQUEST_RECEIVED,
                message,
                recipient.request.sent_at,
                read=done,
            )
            for user_id in users.get(recipient.organization_id, [])
        ]
    return rows


def periods(today):
    """The owners of each computed period, and who computed it, told of the result; the latest
    period unread."""
    computed = list(
        MonitoringPeriod.objects.filter(status=PeriodStatus.COMPUTED).order_by("computed_at", "pk")
    )
    rows = []
    for period in computed:
        message = monitoring_notices.computed_message(period)
        users = {*monitoring_notices.period_owners(period), period.computed_by_id} - {None}
        rows += [
            told_at(
                user_id,
                NotificationKind.PERIOD_COMPUTED,
                message,
                period.computed_at,
                read=period != computed[-1],
            )
            for user_id in sorted(users)
        ]
    return rows


def screenings(today):
    """The psychologist told of each submitted sensitive screening that left a deficit open,
    when it was submitted; those of the last week unread."""
    found = needing_attention(Deficit.objects.all()).values("found_by__attempt")
    attempts = (
        Attempt.objects.filter(pk__in=found)
        .select_related("campaign", "person", "organization")
        .order_by("submitted_at", "pk")
    )
    return [
        told_at(
            user_id,
            NotificationKind.SENSITIVE_ATTENTION,
            diagnostics_notices.attention_message(attempt),
            attempt.submitted_at,
            read=not recent(attempt.submitted_at, today),
        )
        for attempt in attempts
        for user_id in diagnostics_notices.sensitive_readers(attempt.person_id).values_list(
            "pk", flat=True
        )
    ]


def reminders(today):
    """What the morning's reminders tell on the demo's today, at the hour they run."""
    at = moment(today, 6)
    return [
        told_at(user_id, kind, message_of(event), at, read=False)
        for kind, finder in FINDERS
        for event in finder(today)
        for user_id in event["users"]
    ]


def message_of(event):
    return {field: event[field] for field in ("title", "text", "url", "key") if field in event}
