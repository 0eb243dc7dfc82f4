"""Campaigns and attempts as their pages read them: status by dates, progress, a person's own
attempts and how each reads, every count in the database."""

from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.roles import Perm
from profrost.core.text import plural_form

from ..models import (
    Answer,
    Attempt,
    AttemptStatus,
    Campaign,
    CampaignLevel,
    CampaignStatus,
    Item,
)

# Status by dates, in the database --------------------------------------------------------------


def status_q(status, today=None, prefix=""):
    today = today or timezone.localdate()
    if status == CampaignStatus.PLANNED:
        return Q(**{f"{prefix}starts_on__gt": today})
    if status == CampaignStatus.CLOSED:
        return Q(**{f"{prefix}ends_on__lt": today})
    return Q(**{f"{prefix}starts_on__lte": today, f"{prefix}ends_on__gte": today})


def status_label_case(today=None):
    today = today or timezone.localdate()
    return Case(
        *[
            When(status_q(status, today), then=Value(str(status.label)))
            for status in (CampaignStatus.PLANNED, CampaignStatus.CLOSED)
        ],
        default=Value(str(CampaignStatus.OPEN.label)),
        output_field=CharField(),
    )


# Who sees which attempts ------------------------------------------------------------------------


def attempts_visible_to(user):
    """Attempts in the user's diagnostics view scope, and always the user's own."""
    visible = Attempt.objects.visible_to(user, Perm.VIEW_DIAGNOSTICS)
    if user.is_authenticated and user.person_id:
        return Attempt.objects.filter(Q(pk__in=visible.values("pk")) | Q(person_id=user.person_id))
    return visible


def answered_q(prefix=""):
    """An answer that says something: a chosen option, a number or a text."""
    return (
        ~Q(**{f"{prefix}options": []})
        | Q(**{f"{prefix}number__isnull": False})
        | ~Q(**{f"{prefix}text": ""})
    )


def answered_count(attempt):
    return Answer.objects.filter(Q(attempt=attempt), answered_q()).count()


def item_count_subquery(instrument_path):
    items = (
        Item.objects.filter(instrument=OuterRef(instrument_path))
        .order_by()
        .values("instrument")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(items, output_field=IntegerField()), 0)


# Reads ------------------------------------------------------------------------------------------


def campaigns_for_list(queryset, user):
    """Target, instrument, status and the counts of the attempts the user may see, in one query."""
    mine = Q(attempts__in=attempts_visible_to(user).values("pk"))
    return queryset.select_related("instrument", "region", "municipality", "organization").annotate(
        status_label=status_label_case(),
        assigned_count=Count("attempts", filter=mine, distinct=True),
        submitted_count=Count(
            "attempts",
            filter=mine & Q(attempts__status=AttemptStatus.SUBMITTED),
            distinct=True,
        ),
    )


def campaign_attempts(campaign, user):
    return (
        attempts_visible_to(user)
        .filter(campaign=campaign)
        .select_related("person", "organization")
        .annotate(answered=Count("answers", filter=answered_q("answers__")))
        .order_by("organization__short_name", "person__last_name", "person__first_name", "pk")
    )


def _progress_counts():
    started = [AttemptStatus.IN_PROGRESS, AttemptStatus.SUBMITTED]
    return {
        "assigned": Count("pk"),
        "started": Count("pk", filter=Q(status__in=started)),
        "submitted": Count("pk", filter=Q(status=AttemptStatus.SUBMITTED)),
    }


def campaign_progress(campaign, user):
    """Assigned, started and submitted attempts overall and per organization (visible ones)."""
    attempts = attempts_visible_to(user).filter(campaign=campaign)
    total = attempts.aggregate(**_progress_counts())
    rows = list(
        attempts.order_by()
        .values("organization_id", "organization__short_name")
        .annotate(**_progress_counts())
        .order_by("organization__short_name")
    )
    for row in [total, *rows]:
        row["percent"] = round(row["submitted"] * 100 / row["assigned"]) if row["assigned"] else 0
    return total, rows


def attempts_of_person(person_id, today=None):
    """A person's attempts: open ones first (by deadline), then planned, then the rest."""
    today = today or timezone.localdate()
    open_now = status_q(CampaignStatus.OPEN, today, "campaign__") & ~Q(
        status=AttemptStatus.SUBMITTED
    )
    return (
        Attempt.objects.filter(person_id=person_id)
        .select_related("campaign__instrument")
        .annotate(
            rank=Case(
                When(open_now, then=Value(0)),
                When(status_q(CampaignStatus.PLANNED, today, "campaign__"), then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            answered=Count("answers", filter=answered_q("answers__")),
            total=item_count_subquery("campaign__instrument"),
        )
        .order_by("rank", "campaign__ends_on", "pk")
    )


def pending_attempts_of_person(person_id, today=None):
    """What is still to be done: not submitted, the campaign open or planned."""
    today = today or timezone.localdate()
    return attempts_of_person(person_id, today).filter(
        ~Q(status=AttemptStatus.SUBMITTED), campaign__ends_on__gte=today
    )


def reusable_campaign(person_id, organization, instrument, today=None):
    """The first organization-level campaign of the instrument, open or planned, that the person
    has not submitted."""
    today = today or timezone.localdate()
    submitted = Attempt.objects.filter(person=person_id, status=AttemptStatus.SUBMITTED)
    return (
        Campaign.objects.filter(
            level=CampaignLevel.ORGANIZATION,
            organization=organization,
            instrument=instrument,
            ends_on__gte=today,
        )
        .exclude(pk__in=submitted.values("campaign"))
        .order_by("starts_on", "pk")
        .first()
    )


def is_started(campaign):
    """Someone has answered or submitted: what is measured and whom may no longer change."""
    return (
        campaign.attempts.filter(~Q(status=AttemptStatus.ASSIGNED) | Q(answers__isnull=False))
        .order_by()
        .exists()
    )


# How a person's attempt reads on their pages ----------------------------------------------------

DAY_FORMS = ("день", "дня", "дней")
LEFT_FORMS = ("остался", "осталось", "осталось")


def days_left_phrase(ends_on, today):
    days = (ends_on - today).days
    if days < 0:
        return ""
    if days == 0:
        return _("последний день")
    return f"{plural_form(days, LEFT_FORMS)} {days} {plural_form(days, DAY_FORMS)}"


def attempt_state(attempt, today=None):
    """What a person's attempt shows in their lists: a status, a badge, the deadline, an action."""
    today = today or timezone.localdate()
    campaign = attempt.campaign
    status = campaign.status_on(today)
    if attempt.is_submitted:
        return {
            "state": "submitted",
            "label": _("Завершена"),
            "badge": "text-bg-success",
            "action": _("Результаты"),
            "days_left": "",
        }
    if status == CampaignStatus.PLANNED:
        return {
            "state": CampaignStatus.PLANNED,
            "label": _("Запланирована"),
            "badge": "text-bg-secondary",
            "action": "",
            "days_left": "",
        }
    if status == CampaignStatus.CLOSED:
        return {
            "state": CampaignStatus.CLOSED,
            "label": _("Срок истёк"),
            "badge": "text-bg-dark",
            "action": _("Просмотреть"),
            "days_left": "",
        }
    started = attempt.status == AttemptStatus.IN_PROGRESS
    return {
        "state": CampaignStatus.OPEN,
        "label": _("Начата") if started else _("Назначена"),
        "badge": "text-bg-warning" if started else "text-bg-primary",
        "action": _("Продолжить") if started else _("Начать"),
        "days_left": days_left_phrase(campaign.ends_on, today),
    }


def attempt_rows(attempts, today=None):
    today = today or timezone.localdate()
    return [{"attempt": attempt, **attempt_state(attempt, today)} for attempt in attempts]
