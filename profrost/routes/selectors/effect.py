"""The change of competences before and after a route, and the ranking of programs by that
change — every mean computed in the database."""

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from profrost.competences.models import Competence
from profrost.diagnostics.models import CompetenceResult
from profrost.programs.models import Program

from ..models import (
    RouteItem,
    RouteStatus,
)
from .routes import items_visible_to

# The ranking of programs is shown for a program only when this many people were measured.
MIN_PEOPLE_MEASURED = 3
CHANGE = DecimalField(max_digits=6, decimal_places=1)


# Before and after a route -----------------------------------------------------------------------


def results_before(person_ref, competence_ref, on_ref, rediagnosis_ref=None):
    """The latest result on or before the day, never one of the route's own re-diagnosis (it
    may be taken on the very day the route was agreed)."""
    results = CompetenceResult.objects.filter(
        person=person_ref, competence=competence_ref, measured_on__lte=on_ref
    )
    if rediagnosis_ref is not None:
        # Coalesce: a route without a re-diagnosis must exclude nothing (NULL compares unknown).
        results = results.filter(
            Q(attempt__isnull=True) | ~Q(attempt=Coalesce(rediagnosis_ref, Value(0)))
        )
    return results.order_by("-measured_on", "-pk")


def results_after(person_ref, competence_ref, from_ref):
    """The first result on or after the day."""
    return CompetenceResult.objects.filter(
        person=person_ref, competence=competence_ref, measured_on__gte=from_ref
    ).order_by("measured_on", "pk")


def addressed_competences(route):
    """The competences the route's items address: their own and those of their deficits."""
    items = RouteItem.objects.filter(route=route)
    return Competence.objects.filter(
        Q(pk__in=items.values("competence"))
        | Q(pk__in=items.values("deficit__competence"))
        | Q(pk__in=items.values("covered_deficits__competence"))
    )


def before_after(route):
    """Each addressed competence with the result before the route (the latest on or before the
    day it was agreed) and the first after its completion, and the change in percentage
    points."""
    before_on = route.agreed_on or route.starts_on
    before = results_before(
        route.person_id, OuterRef("pk"), before_on, Value(route.rediagnosis_attempt_id or 0)
    )
    queryset = addressed_competences(route).annotate(
        before_percent=Subquery(before.values("percent")[:1]),
        before_level=Subquery(before.values("level")[:1]),
        before_on=Subquery(before.values("measured_on")[:1]),
    )
    if route.completed_on:
        after = results_after(route.person_id, OuterRef("pk"), route.completed_on)
        queryset = queryset.annotate(
            after_percent=Subquery(after.values("percent")[:1]),
            after_level=Subquery(after.values("level")[:1]),
            after_on=Subquery(after.values("measured_on")[:1]),
        ).annotate(
            change=ExpressionWrapper(F("after_percent") - F("before_percent"), output_field=CHANGE)
        )
    return queryset.order_by("group__order", "order", "code")


# The ranking of programs ------------------------------------------------------------------------


def measured_pairs(user):
    """One row per completed route item with a cohort and per competence its program addresses,
    where the person has a result before the route and one after it, with the change."""
    rows = (
        items_visible_to(user)
        .filter(route__status=RouteStatus.COMPLETED, cohort__isnull=False)
        .annotate(
            program_ref=F("cohort__program"),
            competence_ref=F("cohort__program__links__competence"),
        )
        .filter(competence_ref__isnull=False)
    )
    before_on = Coalesce(OuterRef("route__agreed_on"), OuterRef("route__starts_on"))
    before = results_before(
        OuterRef("route__person"),
        OuterRef("competence_ref"),
        before_on,
        OuterRef("route__rediagnosis_attempt"),
    )
    after = results_after(
        OuterRef("route__person"), OuterRef("competence_ref"), OuterRef("route__completed_on")
    )
    return (
        rows.annotate(
            before=Subquery(before.values("percent")[:1]),
            after=Subquery(after.values("percent")[:1]),
        )
        .filter(before__isnull=False, after__isnull=False)
        .annotate(change=ExpressionWrapper(F("after") - F("before"), output_field=CHANGE))
    )


def program_effect(user, min_people=MIN_PEOPLE_MEASURED):
    """Programs ranked by the mean change of the competences they address, with the number of
    people measured; (ranked, too few) where the second lists programs under `min_people`."""
    stats = list(
        measured_pairs(user)
        .order_by()
        .values("program_ref")
        .annotate(
            mean_change=Avg("change"),
            people=Count("route__person", distinct=True),
            measurements=Count("pk"),
        )
        .order_by("-mean_change", "program_ref")
    )
    programs = Program.objects.prefetch_related("competences").in_bulk(
        [row["program_ref"] for row in stats]
    )
    rows = [{**row, "program": programs[row["program_ref"]]} for row in stats]
    ranked = [row for row in rows if row["people"] >= min_people]
    return ranked, [row for row in rows if row["people"] < min_people]
