"""Items of a route and their checkpoints."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core import audit

from .. import selectors
from ..models import ActivityKind, Checkpoint, RouteItem, RouteStatus
from .common import (
    begin_if_agreed,
    check_draft,
    check_items_fit,
    check_manage,
    check_running,
    locked,
)
from .notices import checkpoint_marked

# Items ------------------------------------------------------------------------------------------

ITEM_FIELDS = (
    "kind",
    "title",
    "competence",
    "cohort",
    "program",
    "mentor",
    "link_title",
    "link_url",
    "starts_on",
    "ends_on",
    "hours",
    "expected_result",
    "reporting_form",
)


def _fill_item(item, route, data):
    for name in ITEM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    deficits = list(data.get("covered_deficits") or [])
    if any(deficit.person_id != route.person_id for deficit in deficits):
        raise ValidationError({"covered_deficits": _("Выбран дефицит другого работника.")})
    if item.cohort_id:
        item.program = item.cohort.program
    if item.kind != ActivityKind.PROGRAM:
        item.cohort = item.program = None
    if item.kind != ActivityKind.MENTORING:
        item.mentor = None
    if "covered_deficits" in data:
        item.deficit = deficits[0] if deficits else None
        if deficits and not item.competence_id:
            item.competence = deficits[0].competence
    if item.mentor_id and item.mentor_id == route.person_id:
        raise ValidationError({"mentor": _("Педагог не может быть наставником сам себе.")})
    item.full_clean(exclude=["route", "order", "deficit", "evidence_file"])
    check_items_fit(route, item=item)
    return deficits


@transaction.atomic
def add_item(route, *, by, data):
    """Items are added to a draft, and also to an agreed or running route."""
    route = locked(route)
    check_manage(route, by)
    if not route.is_open:
        raise ValidationError(_("В завершённый или отменённый маршрут пункты не добавляются."))
    item = RouteItem(route=route)
    deficits = _fill_item(item, route, data)
    item.order = (route.items.aggregate(last=Max("order"))["last"] or 0) + 1
    item.save()
    if "covered_deficits" in data:
        item.covered_deficits.set(deficits)
    audit.log(by, "routes.routeitem.created", item, route=route.pk)
    return item


@transaction.atomic
def update_item(item, *, by, data):
    route = locked(item.route)
    check_manage(route, by)
    check_draft(route, _("Пункты изменяются"))
    deficits = _fill_item(item, route, data)
    item.save()
    if "covered_deficits" in data:
        item.covered_deficits.set(deficits)
    audit.log(by, "routes.routeitem.updated", item, route=route.pk, fields=sorted(data))
    return item


@transaction.atomic
def delete_item(item, *, by):
    route = locked(item.route)
    check_manage(route, by)
    if route.status == RouteStatus.IN_PROGRESS:
        raise ValidationError(
            _("Из выполняемого маршрута пункты не удаляются: отметьте пункт как невыполненный.")
        )
    check_draft(route, _("Пункты удаляются"))
    audit.log(by, "routes.routeitem.deleted", item, route=route.pk)
    item.delete()
    _renumber(route)


def _renumber(route):
    for number, item in enumerate(route.items.order_by("order", "pk"), start=1):
        if item.order != number:
            RouteItem.objects.filter(pk=item.pk).update(order=number)


@transaction.atomic
def move_item(item, *, by, up=True):
    """Swaps the item with its neighbour above (or below)."""
    route = locked(item.route)
    check_manage(route, by)
    check_draft(route, _("Порядок пунктов меняется"))
    _renumber(route)
    items = list(route.items.order_by("order", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        for number, row in enumerate(items, start=1):
            RouteItem.objects.filter(pk=row.pk).update(order=number)
        audit.log(by, "routes.routeitem.moved", item, route=route.pk, up=up)


# Checkpoints ------------------------------------------------------------------------------------


def _check_checkpoint_open(route):
    if not route.is_open:
        raise ValidationError(
            _("Контрольные точки завершённого или отменённого маршрута не меняются.")
        )


@transaction.atomic
def add_checkpoint(item, *, by, data):
    route = locked(item.route)
    check_manage(route, by)
    _check_checkpoint_open(route)
    checkpoint = Checkpoint(
        item=item, **{k: data[k] for k in ("title", "due_on", "note") if k in data}
    )
    checkpoint.full_clean()
    checkpoint.save()
    audit.log(by, "routes.checkpoint.created", checkpoint, route=route.pk)
    return checkpoint


@transaction.atomic
def update_checkpoint(checkpoint, *, by, data):
    route = locked(checkpoint.item.route)
    check_manage(route, by)
    _check_checkpoint_open(route)
    for name in ("title", "due_on", "note"):
        if name in data:
            setattr(checkpoint, name, data[name])
    checkpoint.full_clean()
    checkpoint.save()
    audit.log(by, "routes.checkpoint.updated", checkpoint, route=route.pk)
    return checkpoint


@transaction.atomic
def delete_checkpoint(checkpoint, *, by):
    route = locked(checkpoint.item.route)
    check_manage(route, by)
    _check_checkpoint_open(route)
    if checkpoint.done_on:
        raise ValidationError(_("Выполненная контрольная точка не удаляется."))
    audit.log(by, "routes.checkpoint.deleted", checkpoint, route=route.pk)
    checkpoint.delete()


@transaction.atomic
def mark_checkpoint(checkpoint, *, by, done=True, note=None, today=None):
    """The person, their tutor or a methodist marks a checkpoint as passed (or not yet)."""
    route = locked(checkpoint.item.route)
    if not (
        selectors.is_own(by, route)
        or selectors.is_tutor(by, route)
        or selectors.may_manage(by, route)
    ):
        raise PermissionDenied(_("Контрольные точки отмечают педагог, его тьютор или методист."))
    check_running(route)
    checkpoint.done_on = (today or timezone.localdate()) if done else None
    if note is not None:
        checkpoint.note = note
    checkpoint.save(update_fields=["done_on", "note"])
    if done:
        begin_if_agreed(route, by)
    audit.log(by, "routes.checkpoint.marked", checkpoint, route=route.pk, done=done)
    if done and by.person_id == route.person_id:
        checkpoint_marked(checkpoint, route)
    return checkpoint
