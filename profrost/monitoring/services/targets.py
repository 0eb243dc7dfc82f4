"""Changing targets: the region's values of a year and overrides for a municipality or an
organization — atomic, validated and audited (`monitoring.target.created|updated|deleted`); only
who manages targets of the region (the regional administrator) makes them.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope

from ..indicators import REGISTRY
from ..indicators.base import NEUTRAL, PRESENCE, SHARE
from ..models import Target

# Changes ---------------------------------------------------------------------------------------

MIN_YEAR, MAX_YEAR = 2000, 2100


def may_manage_region(user, region_id):
    scope = resolve_scope(user, Perm.MANAGE_TARGETS)
    return scope.everything or region_id in scope.region_ids


def validate_value(indicator, value):
    if indicator.direction == NEUTRAL:
        raise ValidationError(
            _("У показателя «%(name)s» нет лучшего направления: цель для него не задаётся.")
            % {"name": indicator.name}
        )
    if value is None:
        raise ValidationError(_("Укажите целевое значение."))
    if value < 0:
        raise ValidationError(_("Целевое значение не может быть отрицательным."))
    if indicator.kind == SHARE and value > 100:
        raise ValidationError(_("Доля не может быть больше 100 %."))
    if indicator.kind == PRESENCE and value not in (0, 1):
        raise ValidationError(_("Цель показателя наличия — 1 (есть) или 0 (не требуется)."))


def validate_target(target):
    indicator = REGISTRY.get(target.indicator)
    if indicator is None:
        raise ValidationError(_("Неизвестный показатель."))
    if not MIN_YEAR <= (target.year or 0) <= MAX_YEAR:
        raise ValidationError(
            _("Год — от %(min)s до %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
        )
    validate_value(indicator, target.value)
    if target.organization_id and target.municipality_id:
        raise ValidationError(_("Укажите либо муниципалитет, либо организацию, но не оба."))
    if target.organization_id:
        target.municipality = None
        target.region_id = target.organization.municipality.region_id
    elif target.municipality_id:
        target.region_id = target.municipality.region_id
    clash = Target.objects.filter(
        indicator=target.indicator, year=target.year, scope_key=target.compute_scope_key()
    ).exclude(pk=target.pk)
    if clash.exists():
        raise ValidationError(
            _("Цель этого показателя на %(year)s год для этой области уже задана: измените её.")
            % {"year": target.year}
        )


def target_label(target):
    """How the journal names a target: by the indicator's name, not its code (issue 19)."""
    indicator = REGISTRY.get(target.indicator)
    name = indicator.name if indicator else target.indicator
    return f"{name}, {target.year}: {target.value}"


def save_target(target, *, by):
    """Creates or updates a target of a region the user manages targets of."""
    validate_target(target)
    if not may_manage_region(by, target.region_id):
        raise PermissionDenied(_("Цели задаёт администратор региона."))
    created = target.pk is None
    with transaction.atomic():
        target.save()
        audit.log(
            by,
            "monitoring.target.created" if created else "monitoring.target.updated",
            target,
            label=target_label(target),
            indicator=target.indicator,
            year=target.year,
            scope=target.scope_key,
            value=str(target.value),
        )
    return target


def delete_target(target, *, by):
    if not may_manage_region(by, target.region_id):
        raise PermissionDenied(_("Цели задаёт администратор региона."))
    with transaction.atomic():
        audit.log(
            by,
            "monitoring.target.deleted",
            target,
            label=target_label(target),
            indicator=target.indicator,
            year=target.year,
            scope=target.scope_key,
            value=str(target.value),
        )
        target.delete()


def validate_region_targets(year, values):
    errors = {}
    for code, value in values.items():
        indicator = REGISTRY.get(code)
        if indicator is None:
            errors[code] = [_("Неизвестный показатель.")]
        elif value is not None:
            try:
                validate_value(indicator, value)
            except ValidationError as error:
                errors[code] = error.messages
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = [_("Год — от %(min)s до %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}]
    if errors:
        raise ValidationError(errors)


def set_region_targets(region, year, values, *, by):
    """Sets the region's targets of a year: {indicator code: value or None}. None removes the
    region's own target, so the default applies again. Returns the number of changes."""
    if not may_manage_region(by, region.pk):
        raise PermissionDenied(_("Цели задаёт администратор региона."))
    validate_region_targets(year, values)
    changes = 0
    with transaction.atomic():
        existing = {
            target.indicator: target
            for target in Target.objects.select_for_update().filter(
                region=region,
                year=year,
                municipality__isnull=True,
                organization__isnull=True,
                indicator__in=list(values),
            )
        }
        for code, value in values.items():
            target = existing.get(code)
            if value is None and target is not None:
                delete_target(target, by=by)
            elif value is not None and target is None:
                save_target(Target(indicator=code, year=year, region=region, value=value), by=by)
            elif value is not None and Decimal(target.value) != value:
                target.value = value
                save_target(target, by=by)
            else:
                continue
            changes += 1
    return changes
