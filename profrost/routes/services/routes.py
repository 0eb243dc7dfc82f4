"""Building a route from the deficit map, changing and deleting it, and the notes on deficits
left out of it."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.roles import Perm
from profrost.registry.models import Person

from .. import building, proposal
from ..models import ActivityKind, Checkpoint, Route, RouteItem, RouteStatus
from .common import (
    EXPECTED_RESULT,
    REPORTING_FORM,
    TITLE,
    check_items_fit,
    check_manage,
    check_one_per_period,
    competence_names,
    locked,
)

# Building -------------------------------------------------------------------------------------


@transaction.atomic
def build_route(
    person, *, by, title, starts_on, ends_on, hours_budget, tutor=None, goal="", today=None
):
    """A draft route for the person's open deficits with the proposed items and checkpoints."""
    if not Person.objects.visible_to(by, Perm.MANAGE_ROUTES).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Недостаточно прав для построения маршрута этого работника."))
    if person.consent_withdrawn:
        raise ValidationError(
            _("Работник отозвал согласие на обработку персональных данных: маршрут не строится.")
        )
    route = Route(
        person=person,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_budget=hours_budget,
        tutor=tutor,
        goal=goal,
        created_by=by,
    )
    route.full_clean(exclude=["deficit_snapshot"])
    check_one_per_period(route)
    preview = building.preview(
        person, starts_on=starts_on, ends_on=ends_on, hours_budget=hours_budget, today=today
    )
    if not preview.deficits:
        raise ValidationError(
            _("У работника нет открытых дефицитов: маршрут строится по итогам диагностики.")
        )
    route.deficit_snapshot = preview.snapshot
    route.save()
    for order, row in enumerate(preview.rows(), start=1):
        _create_proposed(route, order, row)
    result = preview.result
    audit.log(
        by,
        "routes.route.built",
        route,
        items=len(result.items),
        uncovered=list(result.uncovered),
        hours=result.hours,
    )
    return route


def _create_proposed(route, order, row):
    proposed, cohort, deficits = row["item"], row["cohort"], row["deficits"]
    competences = list(dict.fromkeys(deficit.competence for deficit in deficits))
    names = {"competences": competence_names(competences)}
    kind = proposed.kind
    if kind == proposal.PROGRAM:
        title = cohort.program.title
    elif kind == proposal.EVENT:
        title = proposed.link_title
    else:
        title = TITLE[kind] % names
    item = RouteItem.objects.create(
        route=route,
        order=order,
        deficit=deficits[0],
        competence=competences[0],
        kind=kind,
        title=title[:500],
        cohort=cohort,
        program=cohort.program if cohort else None,
        mentor=row["mentor"],
        link_title=proposed.link_title if kind != proposal.EVENT else "",
        starts_on=proposed.starts_on or route.starts_on,
        ends_on=proposed.ends_on or route.ends_on,
        hours=proposed.hours,
        expected_result=EXPECTED_RESULT[kind] % names,
        reporting_form=REPORTING_FORM[kind],
    )
    item.covered_deficits.set(deficits)
    Checkpoint.objects.bulk_create(default_checkpoints(item, route))
    return item


def default_checkpoints(item, route):
    """Enrolment and the document for a program; the middle and the end otherwise."""
    start, end = item.starts_on or route.starts_on, item.ends_on or route.ends_on
    if item.kind == ActivityKind.PROGRAM:
        return [
            Checkpoint(item=item, title=_("Зачисление на обучение"), due_on=start),
            Checkpoint(
                item=item,
                title=_("Документ об обучении загружен в маршрут"),
                due_on=end + timedelta(days=14),
            ),
        ]
    middle = start + (end - start) / 2
    return [
        Checkpoint(item=item, title=_("Промежуточный отчёт тьютору"), due_on=middle),
        Checkpoint(item=item, title=_("Итоговый отчёт и подтверждение"), due_on=end),
    ]


ROUTE_FIELDS = ("title", "goal", "starts_on", "ends_on", "hours_budget", "tutor")


@transaction.atomic
def update_route(route, *, by, data):
    route = locked(route)
    check_manage(route, by)
    if not route.is_open:
        raise ValidationError(_("Завершённый или отменённый маршрут не меняется."))
    changed = [name for name in ROUTE_FIELDS if name in data and getattr(route, name) != data[name]]
    for name in changed:
        setattr(route, name, data[name])
    route.full_clean()
    check_one_per_period(route)
    check_items_fit(route)
    route.save()
    audit.log(by, "routes.route.updated", route, fields=changed)
    return route


@transaction.atomic
def delete_route(route, *, by):
    route = locked(route)
    check_manage(route, by)
    if route.status != RouteStatus.DRAFT:
        raise ValidationError(
            _("Удалить можно только черновик маршрута; согласованный маршрут отменяют.")
        )
    audit.log(by, "routes.route.deleted", route, person=route.person_id)
    route.delete()


@transaction.atomic
def set_deficit_note(route, deficit, note, *, by):
    """Why a deficit is left out of the route: the explicit note that lets it be agreed."""
    route = locked(route)
    check_manage(route, by)
    if route.status != RouteStatus.DRAFT:
        raise ValidationError(_("Пояснения к дефицитам вносятся до согласования маршрута."))
    if deficit.person_id != route.person_id:
        raise ValidationError(_("Это дефицит другого работника."))
    note = (note or "").strip()
    entries = [dict(entry) for entry in route.deficit_snapshot]
    entry = next((e for e in entries if e.get("deficit") == deficit.pk), None)
    if entry is None:
        entry = building.snapshot([deficit])[0]
        entries.append(entry)
    entry["note"] = note
    route.deficit_snapshot = entries
    route.save(update_fields=["deficit_snapshot"])
    audit.log(by, "routes.route.deficit_noted", route, deficit=deficit.pk, note=note)
    return route
