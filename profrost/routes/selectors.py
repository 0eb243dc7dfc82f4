"""Reads of routes: who sees and who may change a route, the list with its counts, a route's
items, the tutor's checkpoints, the change of competences before and after a route, and the
ranking of programs by that change — every count and mean computed in the database."""

from datetime import timedelta

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from profrost.competences.models import Competence
from profrost.core.models import AuditEntry
from profrost.core.roles import Perm
from profrost.diagnostics.models import CompetenceResult, Deficit
from profrost.methodists.models import MethodistAssignment
from profrost.programs.models import Program
from profrost.registry.models import Employment

from .models import (
    Checkpoint,
    ItemStatus,
    Route,
    RouteItem,
    RouteStatus,
)

RUNNING = (RouteStatus.AGREED, RouteStatus.IN_PROGRESS)
UPCOMING_DAYS = 30
# The ranking of programs is shown for a program only when this many people were measured.
MIN_PEOPLE_MEASURED = 3
CHANGE = DecimalField(max_digits=6, decimal_places=1)


# Who sees and who changes -------------------------------------------------------------------


def routes_visible_to(user):
    """Routes the user manages (MANAGE_ROUTES) and the own, tutored and assigned ones
    (FOLLOW_OWN_ROUTE): both through `visible_to`."""
    managed = Route.objects.visible_to(user, Perm.MANAGE_ROUTES).values("pk")
    followed = Route.objects.visible_to(user, Perm.FOLLOW_OWN_ROUTE).values("pk")
    return Route.objects.filter(Q(pk__in=managed) | Q(pk__in=followed))


def items_visible_to(user):
    return RouteItem.objects.filter(route__in=routes_visible_to(user).values("pk"))


def checkpoints_visible_to(user):
    return Checkpoint.objects.filter(item__route__in=routes_visible_to(user).values("pk"))


def may_manage(user, route):
    """Changes a route: the methodists and administrators over the route's person."""
    return Route.objects.changeable_by(user, Perm.MANAGE_ROUTES).filter(pk=route.pk).exists()


def is_own(user, route):
    """The route's person, following it (FOLLOW_OWN_ROUTE)."""
    return (
        bool(user.person_id)
        and user.person_id == route.person_id
        and Route.objects.visible_to(user, Perm.FOLLOW_OWN_ROUTE).filter(pk=route.pk).exists()
    )


def is_tutor(user, route):
    """The route's tutor, or the methodist of the regional asset the person is assigned to."""
    if not user.person_id:
        return False
    if user.person_id == route.tutor_id:
        return True
    return assigned_people(user.person_id).filter(person_id=route.person_id).exists()


def access(user, route):
    """What the user may do on the route's page."""
    manage = may_manage(user, route)
    own = is_own(user, route)
    tutor = is_tutor(user, route)
    return {
        "manage": manage,
        "own": own,
        "tutor": tutor,
        "progress": manage or own,
        "checkpoints": manage or own or tutor,
    }


# Lists --------------------------------------------------------------------------------------


def main_job(path="person"):
    return (
        Employment.objects.active()
        .filter(person=OuterRef(path))
        .order_by("-is_main", "-start_date", "pk")
    )


def main_job_of(person_id, today=None):
    """The person's current main place of work, with its organization and position."""
    return (
        Employment.objects.active(today)
        .filter(person=person_id)
        .select_related("organization__municipality", "position")
        .order_by("-is_main", "-start_date", "pk")
        .first()
    )


def overdue_checkpoints(today=None):
    today = today or timezone.localdate()
    return Checkpoint.objects.filter(done_on__isnull=True, due_on__lt=today)


def routes_for_list(queryset, today=None):
    """The list's columns, one query: organization, items, hours, done items, overdue points."""
    today = today or timezone.localdate()
    job = main_job()
    items = RouteItem.objects.filter(route=OuterRef("pk")).order_by().values("route")
    overdue = overdue_checkpoints(today).filter(
        item__route=OuterRef("pk"), item__route__status__in=RUNNING
    )
    return queryset.select_related("person", "tutor").annotate(
        organization_name=Subquery(job.values("organization__short_name")[:1]),
        municipality_name=Subquery(job.values("organization__municipality__name")[:1]),
        item_count=Coalesce(Subquery(items.annotate(n=Count("pk")).values("n")), 0),
        done_count=Coalesce(
            Subquery(items.filter(status=ItemStatus.DONE).annotate(n=Count("pk")).values("n")),
            0,
        ),
        planned_hours=Coalesce(Subquery(items.annotate(n=Sum("hours")).values("n")), 0),
        overdue_count=Coalesce(
            Subquery(overdue.order_by().values("item__route").annotate(n=Count("pk")).values("n")),
            0,
        ),
        has_overdue=Exists(overdue),
    )


def route_items(route):
    """A route's items with everything its page and its DOCX show."""
    return (
        route.items.select_related(
            "competence", "deficit__competence", "cohort__program", "program", "mentor"
        )
        .prefetch_related(
            Prefetch("covered_deficits", Deficit.objects.select_related("competence")),
            Prefetch("checkpoints", Checkpoint.objects.order_by("due_on", "pk")),
        )
        .order_by("order", "pk")
    )


def route_history(route, limit=50):
    """The audit entries of the route and of its items and checkpoints."""
    return AuditEntry.objects.filter(
        Q(object_type="routes.route", object_id=str(route.pk)) | Q(data__route=route.pk)
    ).select_related("actor")[:limit]


def own_routes(user):
    """The teacher's own routes, the running ones first."""
    if not user.person_id:
        return Route.objects.none()
    return (
        Route.objects.visible_to(user, Perm.FOLLOW_OWN_ROUTE)
        .filter(person_id=user.person_id)
        .select_related("tutor")
        .order_by("-starts_on", "-pk")
    )


def assigned_people(person_id, today=None):
    today = today or timezone.localdate()
    return MethodistAssignment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        methodist__person=person_id,
        starts_on__lte=today,
    ).values("person_id")


def tutor_checkpoints(user, today=None, days=UPCOMING_DAYS):
    """Open checkpoints of running routes the user tutors or whose person is assigned to the user
    as a methodist: overdue ones and those due within `days`, in one query."""
    today = today or timezone.localdate()
    if not user.person_id:
        return Checkpoint.objects.none()
    mine = Q(item__route__tutor=user.person_id) | Q(
        item__route__person__in=assigned_people(user.person_id, today)
    )
    return (
        checkpoints_visible_to(user)
        .filter(
            mine,
            item__route__status__in=RUNNING,
            done_on__isnull=True,
            due_on__lte=today + timedelta(days=days),
        )
        .select_related("item__route__person")
        .order_by("due_on", "item__route__person__last_name", "pk")
    )


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
