"""Reads of routes: who sees and who may change a route, the list with its counts, a route's
items and the tutor's checkpoints."""

from datetime import timedelta

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from profrost.core.models import AuditEntry
from profrost.core.roles import Perm
from profrost.diagnostics.models import Deficit
from profrost.methodists.models import MethodistAssignment
from profrost.registry.models import Employment

from ..models import (
    Checkpoint,
    ItemStatus,
    Route,
    RouteItem,
    RouteStatus,
)

RUNNING = (RouteStatus.AGREED, RouteStatus.IN_PROGRESS)
UPCOMING_DAYS = 30


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
