"""Reads of diagnostics: a person's deficit map and the lists of results and deficits; the
aggregate «в разрезе» is in `summary`."""

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.urls import reverse

from profrost.core.roles import Perm
from profrost.registry.models import Employment, Person

from ..models import (
    CompetenceResult,
    Deficit,
    DeficitStatus,
)

COMPETENCE_ORDER = (
    "competence__group__order",
    "competence__group__name",
    "competence__order",
    "competence__code",
)

# Latest results --------------------------------------------------------------------------------


def latest_results(queryset, date_from=None, date_to=None):
    """Each person's latest result of each competence, within the period when one is given.

    A result is the latest when no other result of the same person and competence in the period
    is later (a later date, or the same date and recorded after it).
    """
    period = Q()
    if date_from:
        period &= Q(measured_on__gte=date_from)
    if date_to:
        period &= Q(measured_on__lte=date_to)
    later = CompetenceResult.objects.filter(
        period,
        Q(measured_on__gt=OuterRef("measured_on"))
        | Q(measured_on=OuterRef("measured_on"), pk__gt=OuterRef("pk")),
        person=OuterRef("person"),
        competence=OuterRef("competence"),
    )
    return queryset.filter(period).filter(~Exists(later))


# The deficit map of a person -------------------------------------------------------------------


def current_employments(person):
    """The person's current places of work, the main one first."""
    return (
        Employment.objects.active()
        .filter(person=person)
        .select_related("organization__municipality", "position")
        .order_by("-is_main", "-start_date")
    )


def readable(queryset, viewer):
    """Rows of one person that `viewer` may read by name: all for None (the system itself),
    else without another person's sensitive results (CompetenceResult.private_filter)."""
    if viewer is None:
        return queryset
    return queryset.filter(queryset.model.private_filter(viewer))


def person_results(person, viewer=None):
    """The history: every result of the person, by competence and then by date."""
    return (
        readable(CompetenceResult.objects.filter(person=person), viewer)
        .select_related("competence__group")
        .order_by(*COMPETENCE_ORDER, "measured_on", "pk")
    )


def person_profile(person, viewer=None):
    """The current profile: the latest result of every competence measured."""
    return (
        latest_results(readable(CompetenceResult.objects.filter(person=person), viewer))
        .select_related("competence__group")
        .order_by(*COMPETENCE_ORDER)
    )


def person_deficits(person, viewer=None):
    """Open deficits first, then closed ones; the newest first within each."""
    return (
        readable(Deficit.objects.filter(person=person), viewer)
        .select_related("competence__group", "found_by", "closed_by")
        .annotate(
            closed_rank=Case(
                When(status=DeficitStatus.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed_rank", "-found_on", "competence__code")
    )


# Lists -----------------------------------------------------------------------------------------


def deficits_for_list(queryset):
    return queryset.select_related(
        "person", "organization__municipality", "competence__group", "found_by", "closed_by"
    )


def results_for_list(queryset):
    return queryset.select_related("person", "organization__municipality", "competence__group")


def deficit_map_url(user, person_id):
    """The person's deficit map for a link, or "" when the user does not see their diagnostics."""
    if not Person.objects.visible_to(user, Perm.VIEW_DIAGNOSTICS).filter(pk=person_id).exists():
        return ""
    return reverse("diagnostics:deficit_map", args=[person_id])
