"""Reads of achievements with the joins and annotations their pages need; counts in the database."""

from django.db.models import Case, Count, IntegerField, Max, Prefetch, Q, Value, When

from profrost.core.roles import Perm
from profrost.registry.selectors import with_main_organization

from .models import (
    AWARDED,
    Competition,
    CompetitionParticipation,
    ExpertActivity,
    Publication,
    Result,
)

# Best result first.
RESULT_RANK = Case(
    When(result=Result.WINNER, then=Value(0)),
    When(result=Result.PRIZE, then=Value(1)),
    When(result=Result.LAUREATE, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def competitions_for_list(queryset):
    return queryset.select_related("region", "municipality", "organization").annotate(
        participant_count=Count("participations"),
        awarded_count=Count("participations", filter=Q(participations__result__in=AWARDED)),
    )


def competition_participants(competition, user):
    """The competition's participations the user may see, the best results first."""
    return (
        CompetitionParticipation.objects.visible_to(user, Perm.VIEW_NETWORK)
        .filter(competition=competition)
        .select_related("person", "organization", "stage")
        .annotate(rank=RESULT_RANK)
        .order_by("rank", "person__last_name", "person__first_name", "pk")
    )


def competition_results(competition):
    """How many of all participants reached each result: numbers only, no names."""
    counts = dict(
        competition.participations.values_list("result").annotate(count=Count("pk")).order_by()
    )
    return [(label, counts.get(value, 0)) for value, label in reversed(Result.choices)]


def participations_for_list(queryset):
    return queryset.select_related("competition", "person", "organization__municipality", "stage")


def publications_for_list(queryset):
    return queryset.select_related("person", "organization__municipality")


def expert_activities_for_list(queryset):
    return queryset.select_related("person", "organization")


def experts_for_list(queryset):
    """People with expert activity, their main organization, and their activities prefetched."""
    activities = ExpertActivity.objects.order_by("-started_on", "pk")
    return with_main_organization(
        queryset.filter(expert_activities__isnull=False)
        .annotate(
            activity_count=Count("expert_activities", distinct=True),
            latest_start=Max("expert_activities__started_on"),
        )
        .prefetch_related(Prefetch("expert_activities", activities, to_attr="activities")),
        person_path="pk",
    )


def directions(user):
    """The directions of expert activity already typed in the user's scope, for a datalist."""
    return list(
        ExpertActivity.objects.visible_to(user, Perm.VIEW_NETWORK)
        .order_by("direction")
        .values_list("direction", flat=True)
        .distinct()
    )


def person_participations(person, user):
    return (
        CompetitionParticipation.objects.visible_to(user, Perm.VIEW_NETWORK)
        .filter(person=person)
        .select_related("competition", "stage", "organization")
        .order_by("-competition__year", "competition__title", "pk")
    )


def person_publications(person, user):
    return (
        Publication.objects.visible_to(user, Perm.VIEW_NETWORK)
        .filter(person=person)
        .order_by("-year", "title", "pk")
    )


def person_expert_activities(person, user):
    return (
        ExpertActivity.objects.visible_to(user, Perm.VIEW_NETWORK)
        .filter(person=person)
        .order_by("-started_on", "pk")
    )


def visible_competitions(user):
    return Competition.objects.visible_to(user, Perm.VIEW_NETWORK).order_by("-year", "title")
