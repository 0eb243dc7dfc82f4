"""Reads of the methodical network with the joins and annotations their pages need; every count
is computed in the database."""

import calendar
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, Now, Round
from django.utils import timezone

from profrost.core.roles import Perm

from .models import (
    Event,
    EventStatus,
    HorizontalGroup,
    Membership,
    Participation,
    ParticipationRole,
)

CURRENT = Q(memberships__left_on__isnull=True)


# Associations ----------------------------------------------------------------------------------


def associations_for_list(queryset):
    return queryset.select_related(
        "region", "municipality", "organization", "subject", "head"
    ).annotate(member_count=Count("memberships", filter=CURRENT))


def association_members(association):
    return (
        Membership.objects.filter(association=association)
        .select_related("person")
        .order_by("left_on", "person__last_name", "person__first_name", "person__middle_name")
    )


def horizontal_groups(association):
    return (
        HorizontalGroup.objects.filter(association=association)
        .select_related("competence")
        .prefetch_related("holders", "learners")
        .order_by("status", "-starts_on", "pk")
    )


# Events ----------------------------------------------------------------------------------------

PARTICIPANT = Q(participations__role=ParticipationRole.PARTICIPANT)


def events_for_list(queryset):
    """Events with their organizers and counts: registered participants (the role «участник»,
    which the capacity counts), everyone registered, who attended, and the free places."""
    return (
        queryset.select_related(
            "organizer_organization",
            "organizer_association",
            "region",
            "municipality",
            "organization",
        )
        .annotate(
            participant_count=Count("participations", filter=PARTICIPANT),
            registered_count=Count("participations"),
            attended_count=Count("participations", filter=Q(participations__attended=True)),
        )
        .annotate(
            free_places=Case(
                When(capacity__isnull=True, then=Value(None)),
                default=F("capacity") - F("participant_count"),
                output_field=IntegerField(),
            )
        )
    )


def with_is_past(queryset):
    return queryset.annotate(
        is_past=Case(
            When(ends_at__lt=Now(), then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    )


def with_free_places(queryset):
    return queryset.filter(Q(capacity__isnull=True) | Q(participant_count__lt=F("capacity")))


def event_participants(event, user):
    """The participants the user may see: the event's organizers all of them, a manager their own
    people, a teacher their own registration."""
    return (
        Participation.objects.visible_to(user, Perm.VIEW_NETWORK)
        .filter(event=event)
        .select_related("person", "organization", "position")
        .order_by("person__last_name", "person__first_name", "person__middle_name", "pk")
    )


def event_counts(event):
    return event.participations.aggregate(
        participants=Count("pk", filter=Q(role=ParticipationRole.PARTICIPANT)),
        registered=Count("pk"),
        present=Count("pk", filter=Q(attended=True)),
        absent=Count("pk", filter=Q(attended=False)),
    )


def person_participations(person, user):
    return (
        Participation.objects.visible_to(user, Perm.VIEW_NETWORK)
        .filter(person=person)
        .select_related(
            "event__organizer_organization", "event__organizer_association", "organization"
        )
        .order_by("-event__starts_at", "-pk")
    )


def open_for_registration(user, person, now=None):
    """Upcoming events the user sees where self-registration is open, free places remain and
    the person is not registered yet."""
    now = now or timezone.now()
    queryset = Event.objects.visible_to(user, Perm.VIEW_NETWORK).filter(
        status=EventStatus.PLANNED, registration_open=True, starts_at__gt=now
    )
    if person is not None:
        queryset = queryset.exclude(participations__person=person)
    return with_free_places(events_for_list(queryset)).order_by("starts_at", "pk")


# The calendar ----------------------------------------------------------------------------------


def month_bounds(year, month):
    """The first moment of the month and of the next one, in the local time zone."""
    first = date(year, month, 1)
    following = (first + timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(first, time.min), zone),
        timezone.make_aware(datetime.combine(following, time.min), zone),
    )


def month_events(queryset, year, month):
    """Events that overlap the month (local time)."""
    start, end = month_bounds(year, month)
    return queryset.filter(starts_at__lt=end, ends_at__gte=start)


def month_grid(events, year, month):
    """Weeks (Monday first) of days, each day with the events that take place on it."""
    zone = timezone.get_current_timezone()
    spans = [
        (
            timezone.localtime(event.starts_at, zone).date(),
            timezone.localtime(event.ends_at, zone).date(),
            event,
        )
        for event in events
    ]
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {
                    "day": day,
                    "in_month": day.month == month,
                    "events": [event for first, last, event in spans if first <= day <= last],
                }
                for day in week
            ]
        )
    return weeks


# Plans -----------------------------------------------------------------------------------------


def plans_for_list(queryset):
    held = Count("events", filter=Q(events__status=EventStatus.HELD))
    return (
        queryset.select_related(
            "region",
            "municipality",
            "organization",
            "association__region",
            "association__municipality",
            "association__organization",
        )
        .annotate(
            event_count=Count("events"),
            held_count=held,
            cancelled_count=Count("events", filter=Q(events__status=EventStatus.CANCELLED)),
        )
        .annotate(
            fulfilment=Case(
                When(event_count=0, then=Value(None)),
                default=Cast(
                    Round(
                        ExpressionWrapper(
                            Cast("held_count", FloatField()) * 100 / F("event_count"),
                            output_field=FloatField(),
                        )
                    ),
                    IntegerField(),
                ),
                output_field=IntegerField(),
            )
        )
    )


def plan_fulfilment(plan, now=None):
    """Counts of the plan's events by status, the planned ones split into overdue (ended but not
    marked held) and upcoming, and the shares held of all and of those due by now."""
    now = now or timezone.now()
    planned = Q(status=EventStatus.PLANNED)
    counts = plan.events.aggregate(
        total=Count("pk", distinct=True),
        held=Count("pk", distinct=True, filter=Q(status=EventStatus.HELD)),
        cancelled=Count("pk", distinct=True, filter=Q(status=EventStatus.CANCELLED)),
        overdue=Count("pk", distinct=True, filter=planned & Q(ends_at__lt=now)),
        upcoming=Count("pk", distinct=True, filter=planned & Q(ends_at__gte=now)),
        participants=Count("participations", filter=Q(participations__attended=True)),
    )
    due = counts["total"] - counts["upcoming"]
    counts["planned"] = counts["overdue"] + counts["upcoming"]
    counts["due"] = due
    counts["share"] = round(counts["held"] * 100 / counts["total"]) if counts["total"] else None
    counts["due_share"] = round(counts["held"] * 100 / due) if due else None
    return counts


def plan_events(plan):
    return events_for_list(plan.events.all()).order_by("starts_at", "pk")
