"""The routes' reminders (docs/notifications.md, «Напоминания»): a checkpoint due soon and a
checkpoint overdue, to the route's person; registered in RoutesConfig.ready()."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.notifications.reminders import grouped

from .models import Checkpoint
from .selectors.routes import RUNNING

DAYS_BEFORE = 3
FIELDS = ("pk", "title", "due_on", "item_id", "item__route_id", "item__route__person__user")


def open_checkpoints(**dates):
    """Checkpoints not done of running routes whose person has an account, one query."""
    rows = Checkpoint.objects.filter(
        done_on__isnull=True,
        item__route__status__in=RUNNING,
        item__route__person__user__is_active=True,
        **dates,
    ).values_list(*FIELDS)
    return ((row[:5], row[5]) for row in rows)


def due_soon(today):
    rows = open_checkpoints(due_on__range=(today, today + timedelta(days=DAYS_BEFORE)))
    return grouped(rows, due_message)


def overdue(today):
    return grouped(open_checkpoints(due_on__lt=today), overdue_message)


def message(checkpoint, title):
    pk, name, due_on, item_id, route_id = checkpoint
    return {
        "title": title % {"title": name, "date": format_date(due_on)},
        "text": _("Отметьте точку в маршруте, когда она будет выполнена."),
        "url": reverse("routes:route_detail", args=[route_id]) + f"#item-{item_id}",
        "key": f"checkpoint:{pk}:{due_on.isoformat()}",
    }


def due_message(checkpoint):
    return message(checkpoint, _("Контрольная точка «%(title)s»: срок — %(date)s"))


def overdue_message(checkpoint):
    return message(checkpoint, _("Контрольная точка «%(title)s» просрочена (срок — %(date)s)"))
