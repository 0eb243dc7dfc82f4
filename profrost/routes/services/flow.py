"""The status flow of a route and the re-diagnosis offered after completion."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core import audit
from profrost.core.dates import format_date
from profrost.core.text import count_phrase
from profrost.diagnostics import services as diagnostics
from profrost.diagnostics.models import (
    Deficit,
    DeficitStatus,
    Instrument,
    InstrumentStatus,
    not_sensitive,
)
from profrost.registry.models import Employment

from .. import selectors
from ..models import ItemStatus, RouteItem, RouteStatus
from .common import (
    ITEM_FORMS,
    REDIAGNOSIS_DAYS,
    check_manage,
    locked,
)
from .notices import route_agreed

# The status flow --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    sources: tuple
    target: str
    refusal: str  # when the route is in another status


MOVES = {
    "agree": Move(
        (RouteStatus.DRAFT,),
        RouteStatus.AGREED,
        gettext_lazy("Согласовать можно только черновик маршрута"),
    ),
    "start": Move(
        (RouteStatus.AGREED,),
        RouteStatus.IN_PROGRESS,
        gettext_lazy("Начать выполнение можно только согласованного маршрута"),
    ),
    "complete": Move(
        (RouteStatus.IN_PROGRESS,),
        RouteStatus.COMPLETED,
        gettext_lazy("Завершить можно только выполняемый маршрут"),
    ),
    "cancel": Move(
        (RouteStatus.DRAFT, RouteStatus.AGREED, RouteStatus.IN_PROGRESS),
        RouteStatus.CANCELLED,
        gettext_lazy("Завершённый или отменённый маршрут отменить нельзя"),
    ),
}


def allowed_moves(route):
    return [name for name, move in MOVES.items() if route.status in move.sources]


def check_move(route, name):
    move = MOVES[name]
    if route.status not in move.sources:
        raise ValidationError(
            _("%(refusal)s; маршрут сейчас: «%(status)s».")
            % {"refusal": move.refusal, "status": route.get_status_display()}
        )
    return move


def unaddressed_deficits(route):
    """The person's open deficits that no item addresses and no note explains."""
    noted = {e.get("deficit") for e in route.deficit_snapshot if (e.get("note") or "").strip()}
    items = RouteItem.objects.filter(route=route)
    return (
        Deficit.objects.filter(person=route.person_id, status=DeficitStatus.OPEN)
        .filter(not_sensitive())
        .exclude(pk__in=noted)
        .exclude(pk__in=items.values("deficit"))
        .exclude(pk__in=items.values("covered_deficits"))
        .exclude(competence__in=items.values("competence"))
        .select_related("competence")
        .order_by("competence__code")
    )


@transaction.atomic
def agree_route(route, *, by, today=None):
    route = locked(route)
    check_manage(route, by)
    move = check_move(route, "agree")
    if not route.items.exists():
        raise ValidationError(_("В маршруте нет ни одного пункта: согласовывать нечего."))
    missing = list(unaddressed_deficits(route))
    if missing:
        raise ValidationError(
            _(
                "Не все открытые дефициты учтены: %(list)s. Добавьте пункт маршрута или "
                "поясните, почему дефицит в маршрут не включён."
            )
            % {"list": "; ".join(str(d.competence) for d in missing)}
        )
    route.status = move.target
    route.agreed_by = by
    route.agreed_on = today or timezone.localdate()
    route.save(update_fields=["status", "agreed_by", "agreed_on"])
    audit.log(by, "routes.route.agreed", route)
    route_agreed(route)
    return route


@transaction.atomic
def start_route(route, *, by):
    route = locked(route)
    check_manage(route, by)
    move = check_move(route, "start")
    route.status = move.target
    route.save(update_fields=["status"])
    audit.log(by, "routes.route.started", route)
    return route


@transaction.atomic
def complete_route(route, *, by, today=None, offer=True):
    """Completes a route whose every item is marked done or not done, notes on each deficit it
    addressed what addressed it, and offers the person a re-diagnosis when an instrument can
    measure the addressed competences."""
    route = locked(route)
    check_manage(route, by)
    move = check_move(route, "complete")
    open_items = route.items.exclude(status__in=[ItemStatus.DONE, ItemStatus.NOT_DONE]).count()
    if open_items:
        raise ValidationError(
            _(
                "Не отмечено выполнение: %(count)s. Отметьте каждый пункт «выполнено» или "
                "«не выполнено»."
            )
            % {"count": count_phrase(open_items, ITEM_FORMS)}
        )
    today = today or timezone.localdate()
    route.status = move.target
    route.completed_on = today
    route.save(update_fields=["status", "completed_on"])
    note_addressed_deficits(route)
    audit.log(by, "routes.route.completed", route)
    if offer:
        try:
            with transaction.atomic():
                route.rediagnosis_attempt = offer_rediagnosis(route, by=by, today=today)
        except ValidationError:
            pass  # nothing measures the competences now; the route's page offers it again later
    return route


def note_addressed_deficits(route):
    items = RouteItem.objects.filter(route=route)
    deficits = Deficit.objects.filter(
        Q(pk__in=items.values("deficit")) | Q(pk__in=items.values("covered_deficits"))
    )
    for deficit in deficits:
        titles = items.filter(Q(deficit=deficit) | Q(covered_deficits=deficit)).distinct()
        line = _("ИОМ «%(route)s», завершён %(date)s: %(items)s.") % {
            "route": route.title,
            "date": format_date(route.completed_on),
            "items": "; ".join(f"{item.title} ({item.get_status_display()})" for item in titles),
        }
        note = f"{deficit.addressed_note}\n{line}" if deficit.addressed_note else line
        Deficit.objects.filter(pk=deficit.pk).update(addressed_note=note)


@transaction.atomic
def cancel_route(route, *, by, reason):
    route = locked(route)
    check_manage(route, by)
    move = check_move(route, "cancel")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Укажите причину отмены маршрута.")})
    route.status = move.target
    route.cancel_reason = reason
    route.save(update_fields=["status", "cancel_reason"])
    audit.log(by, "routes.route.cancelled", route, reason=reason)
    return route


# Re-diagnosis -----------------------------------------------------------------------------------


def rediagnosis_instrument(competence_ids, region_id):
    """The published instrument of the region (or shipped) measuring most of the competences."""
    return (
        Instrument.objects.filter(
            Q(region__isnull=True) | Q(region=region_id),
            status=InstrumentStatus.PUBLISHED,
            items__links__competence__in=competence_ids,
        )
        .annotate(measured=Count("items__links__competence", distinct=True))
        .order_by("-measured", F("region").desc(nulls_last=True), "title", "pk")
        .first()
    )


@transaction.atomic
def offer_rediagnosis(route, *, by, today=None):
    """An organization-level campaign of an instrument measuring the route's competences for the
    person's organization (reused when one is open or planned and the person has not yet
    submitted it), with an attempt for the person."""
    route = locked(route)
    check_manage(route, by)
    if route.status != RouteStatus.COMPLETED:
        raise ValidationError(_("Повторная диагностика предлагается после завершения маршрута."))
    today = today or timezone.localdate()
    competence_ids = list(selectors.addressed_competences(route).values_list("pk", flat=True))
    if not competence_ids:
        raise ValidationError(_("Пункты маршрута не направлены ни на одну компетенцию."))
    organization = _rediagnosis_organization(route.person_id, today)
    instrument = rediagnosis_instrument(competence_ids, organization.municipality.region_id)
    if instrument is None:
        raise ValidationError(
            _("Нет опубликованного инструмента диагностики, измеряющего компетенции маршрута.")
        )
    attempt, created = diagnostics.assign_person(
        route.person_id,
        organization=organization,
        instrument=instrument,
        by=by,
        data=_rediagnosis_campaign(instrument, today),
        today=today,
    )
    route.rediagnosis_attempt = attempt
    route.save(update_fields=["rediagnosis_attempt"])
    audit.log(
        by,
        "routes.route.rediagnosis_offered",
        route,
        campaign=attempt.campaign_id,
        attempt=attempt.pk,
        campaign_created=created,
    )
    return attempt


def _rediagnosis_organization(person_id, today):
    """The organization of the person's current (main, else latest) employment."""
    job = (
        Employment.objects.active(today)
        .filter(person=person_id)
        .select_related("organization__municipality")
        .order_by("-is_main", "-start_date", "pk")
        .first()
    )
    if job is None:
        raise ValidationError(
            _("У работника нет текущего места работы: повторную диагностику не к чему привязать.")
        )
    return job.organization


def _rediagnosis_campaign(instrument, today):
    """The fields of a new re-diagnosis campaign, running REDIAGNOSIS_DAYS from today."""
    return {
        "title": _("Повторная диагностика после ИОМ: %(instrument)s")
        % {"instrument": instrument.title},
        "description": _("Назначается педагогам после завершения индивидуального маршрута."),
        "starts_on": today,
        "ends_on": today + timedelta(days=REDIAGNOSIS_DAYS),
    }
