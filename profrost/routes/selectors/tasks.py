"""«Мои задачи» of routes (core/todo.py): the teacher's own checkpoints and items due, the
tutor's checkpoints to confirm, the drafts waiting for agreement."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.core.todo import Task, is_overdue, overdue_first, task_group

from ..models import Checkpoint, ItemStatus, Route, RouteItem, RouteStatus
from .routes import RUNNING, UPCOMING_DAYS, tutor_checkpoints

OPEN_ITEM = (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS)


def checkpoint_url(checkpoint):
    route_url = reverse("routes:route_detail", args=[checkpoint.item.route_id])
    return f"{route_url}#item-{checkpoint.item_id}"


def own_checkpoint_tasks(user, today):
    """Open checkpoints of the teacher's running routes, overdue or due within UPCOMING_DAYS."""
    if not user.person_id:
        return None
    checkpoints = Checkpoint.objects.filter(
        item__route__person=user.person_id,
        item__route__status__in=RUNNING,
        done_on__isnull=True,
        due_on__lte=today + timedelta(days=UPCOMING_DAYS),
    ).select_related("item__route")

    def to_task(checkpoint):
        return Task(
            checkpoint.title,
            checkpoint_url(checkpoint),
            checkpoint.due_on,
            _("Маршрут «%(route)s»") % {"route": checkpoint.item.route.title},
            is_overdue(checkpoint.due_on, today),
        )

    return task_group(
        "my-checkpoints",
        _("Контрольные точки маршрута"),
        overdue_first(checkpoints, "due_on", today, "due_on", "pk"),
        to_task,
        more_url=reverse("routes:my_route"),
    )


def own_item_tasks(user, today):
    """Unfinished items of the teacher's running routes that end within UPCOMING_DAYS or ended."""
    if not user.person_id:
        return None
    items = RouteItem.objects.filter(
        route__person=user.person_id,
        route__status__in=RUNNING,
        status__in=OPEN_ITEM,
        ends_on__lte=today + timedelta(days=UPCOMING_DAYS),
    ).select_related("route")

    def to_task(item):
        return Task(
            item.title,
            item.get_absolute_url(),
            item.ends_on,
            _("Маршрут «%(route)s» · %(kind)s")
            % {"route": item.route.title, "kind": item.get_kind_display()},
            is_overdue(item.ends_on, today),
        )

    return task_group(
        "my-route-items",
        _("Пункты маршрута"),
        overdue_first(items, "ends_on", today, "ends_on", "pk"),
        to_task,
        more_url=reverse("routes:my_route"),
    )


def tutor_tasks(user, today):
    """Checkpoints the tutor (or the assigned methodist) has to check: the product keeps no
    confirmation of its own, so these are the open ones, overdue or due within UPCOMING_DAYS."""
    if not user.person_id:
        return None
    checkpoints = tutor_checkpoints(user, today).select_related("item__route__person")

    def to_task(checkpoint):
        route = checkpoint.item.route
        return Task(
            checkpoint.title,
            checkpoint_url(checkpoint),
            checkpoint.due_on,
            _("%(person)s, маршрут «%(route)s»")
            % {"person": route.person.full_name, "route": route.title},
            is_overdue(checkpoint.due_on, today),
        )

    return task_group(
        "tutor-checkpoints",
        _("Контрольные точки к проверке"),
        overdue_first(checkpoints, "due_on", today, "due_on", "pk"),
        to_task,
        more_url=reverse("routes:tutor_checkpoints"),
    )


def agreement_tasks(user, today):
    """Draft routes the user may agree (routes.manage over the person); due by their start."""
    if not has_perm_anywhere(user, Perm.MANAGE_ROUTES):
        return None
    routes = (
        Route.objects.changeable_by(user, Perm.MANAGE_ROUTES)
        .filter(status=RouteStatus.DRAFT)
        .select_related("person")
    )

    def to_task(route):
        return Task(
            route.title,
            route.get_absolute_url(),
            route.starts_on,
            _("%(person)s · начало %(start)s")
            % {"person": route.person.full_name, "start": format_date(route.starts_on)},
            is_overdue(route.starts_on, today),
        )

    return task_group(
        "routes-to-agree",
        _("Маршруты к согласованию"),
        overdue_first(routes, "starts_on", today, "-created", "-pk"),
        to_task,
        more_url=reverse("routes:route_list") + f"?status={RouteStatus.DRAFT}",
    )
