"""Targets of the indicators: how a scope's target is found, the targets page, and changes.

A target is set per indicator, calendar year and scope. For an organization its own target
holds, else its municipality's, else its region's, else the indicator's default (the seed 003
6.2 values for 2024). Changes — the region's values of a year and overrides for a municipality
or an organization — are atomic, validated and audited (`monitoring.target.created|updated|
deleted`); only who manages targets of the region (the regional administrator) makes them.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core import audit
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.registry.models import Municipality, Organization, Region

from .indicators import REGISTRY
from .indicators.base import HIGHER, LOWER, NEUTRAL, PRESENCE, SHARE
from .models import ScopeLevel, Target

PERM = Perm.VIEW_MONITORING

DEFAULT_SOURCE = "default"
TARGET_SOURCES = {
    ScopeLevel.ORGANIZATION: gettext_lazy("цель организации"),
    ScopeLevel.MUNICIPALITY: gettext_lazy("цель муниципалитета"),
    ScopeLevel.REGION: gettext_lazy("цель региона"),
    DEFAULT_SOURCE: gettext_lazy("по умолчанию (РСНМС, 2024)"),
    "": "",
}


# Resolution ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolvedTarget:
    value: Decimal | None
    source: str = ""
    target_id: int | None = None

    @property
    def source_label(self):
        return TARGET_SOURCES[self.source]


class TargetBook:
    """The targets of one year for some regions, read in one query and resolved per scope:
    the organization's own, else its municipality's, else the region's, else the default."""

    def __init__(self, year, region_ids, keys=None, codes=None):
        targets = Target.objects.filter(year=year, region_id__in=set(region_ids))
        if keys is not None:
            targets = targets.filter(scope_key__in=keys)
        if codes is not None:
            targets = targets.filter(indicator__in=codes)
        self.year = year
        self.stored = {
            (code, key): (value, pk)
            for code, key, value, pk in targets.values_list("indicator", "scope_key", "value", "pk")
        }

    def resolve(self, indicator, scope):
        for level, key in scope.chain:
            found = self.stored.get((indicator.code, key))
            if found:
                return ResolvedTarget(found[0], level, found[1])
        if indicator.default_target is not None:
            return ResolvedTarget(indicator.default_target, DEFAULT_SOURCE)
        return ResolvedTarget(None)


def target_for(indicator, year, scope):
    """The target of `indicator` in `year` for `scope` (an AnalysisScope), in one query."""
    keys = [key for _level, key in scope.chain]
    book = TargetBook(year, [scope.region_id], keys=keys, codes=[indicator.code])
    return book.resolve(indicator, scope)


# Targets page ----------------------------------------------------------------------------------

DIRECTION_LABELS = {HIGHER: gettext_lazy("не менее"), LOWER: gettext_lazy("не более")}


def visible_targets(user):
    """Targets of the regions the user sees; an override for a municipality or organization
    only when the user sees that municipality or organization."""
    return Target.objects.visible_to(user, PERM).filter(
        Q(municipality__isnull=True, organization__isnull=True)
        | Q(municipality__in=Municipality.objects.visible_to(user, PERM).values("pk"))
        | Q(organization__in=Organization.objects.visible_to(user, PERM).values("pk"))
    )


def visible_regions(user):
    return Region.objects.visible_to(user, PERM).order_by("name")


@dataclass
class TargetRow:
    indicator: object
    own: object  # the region's stored Target or None
    overrides: list

    @property
    def effective(self):
        if self.own is not None:
            return ResolvedTarget(self.own.value, ScopeLevel.REGION, self.own.pk)
        if self.indicator.default_target is not None:
            return ResolvedTarget(self.indicator.default_target, DEFAULT_SOURCE)
        return ResolvedTarget(None)

    @property
    def direction_label(self):
        return DIRECTION_LABELS.get(self.indicator.direction, "")

    @property
    def is_presence(self):
        return self.indicator.kind == PRESENCE

    @property
    def settable(self):
        return self.indicator.direction in (HIGHER, LOWER)


def describe_override(target):
    """Names an override for the page and the export."""
    indicator = REGISTRY.get(target.indicator)
    target.indicator_name = indicator.name if indicator else target.indicator
    target.indicator_unit = indicator.unit if indicator else ""
    if target.organization_id:
        target.scope_level = ScopeLevel.ORGANIZATION
        target.scope_name = target.organization.short_name
        target.scope_parent = target.organization.municipality.name
    else:
        target.scope_level = ScopeLevel.MUNICIPALITY
        target.scope_name = target.municipality.name
        target.scope_parent = ""
    target.scope_level_label = ScopeLevel(target.scope_level).label
    return target


def target_table(user, region, year):
    """Every indicator with its default and the region's target of the year, and the overrides
    the user sees, in one query."""
    targets = (
        visible_targets(user)
        .filter(region=region, year=year)
        .select_related("municipality", "organization__municipality")
    )
    own, overrides = {}, []
    for target in targets:
        if target.municipality_id or target.organization_id:
            overrides.append(describe_override(target))
        else:
            own[target.indicator] = target
    order = {code: number for number, code in enumerate(REGISTRY)}
    overrides.sort(
        key=lambda t: (
            order.get(t.indicator, len(order)),
            t.scope_level,
            t.scope_parent,
            t.scope_name,
        )
    )
    rows = [
        TargetRow(
            indicator,
            own.get(indicator.code),
            [target for target in overrides if target.indicator == indicator.code],
        )
        for indicator in REGISTRY.values()
    ]
    return rows, overrides


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
