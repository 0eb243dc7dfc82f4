"""Reading targets: how a scope's target is found, and the targets page.

A target is set per indicator, calendar year and scope. For an organization its own target
holds, else its municipality's, else its region's, else the indicator's default (the seed 003
6.2 values for 2024).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy

from profrost.registry.models import Municipality, Organization, Region

from ..indicators import REGISTRY
from ..indicators.base import HIGHER, LOWER, PRESENCE
from ..models import ScopeLevel, Target
from .scopes import PERM

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
