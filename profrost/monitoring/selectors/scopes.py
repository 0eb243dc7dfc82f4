"""Reads shared by the analysis pages: traffic lights, indicator names and groups, the scopes a
user sees in a period, and the computed periods of a series."""

from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from profrost.core.roles import Perm

from ..indicators import REGISTRY
from ..indicators.base import LOWER
from ..models import IndicatorValue, MonitoringPeriod, PeriodStatus, ScopeLevel, scope_key

PERM = Perm.VIEW_MONITORING
LEVEL_ORDER = {ScopeLevel.REGION: 0, ScopeLevel.MUNICIPALITY: 1, ScopeLevel.ORGANIZATION: 2}
TREND_PERIODS = 8
OTHER_GROUP = _("Прочие показатели")

# Traffic lights. Yellow is «near the target»: within 10 % of the target value, relative — for
# a target of 20 % from 18 % up; for a cap of 250 up to 275.
GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"
NEAR_TARGET = Decimal("0.10")
LIGHT_LABELS = {
    GREEN: _("цель достигнута"),
    YELLOW: _("близко к цели (отставание не более 10 %)"),
    RED: _("ниже цели"),
    GREY: _("нет цели или значения"),
}


def light(indicator, value, target):
    """green, yellow, red or grey for a value against a target (see NEAR_TARGET)."""
    meets = indicator.meets(value, target)
    if meets is None:
        return GREY
    if meets:
        return GREEN
    if indicator.direction == LOWER:
        near = value <= target * (1 + NEAR_TARGET)
    else:
        near = value >= target * (1 - NEAR_TARGET)
    return YELLOW if near else RED


def indicators(*levels):
    """The registry's indicators, those broken down at any of `levels` when given."""
    return [
        indicator
        for indicator in REGISTRY.values()
        if not levels or any(level in indicator.levels for level in levels)
    ]


def indicator_or_none(code):
    return REGISTRY.get(code or "")


def indicator_name(code):
    """The indicator's name, or the code itself when the registry no longer knows it."""
    indicator = REGISTRY.get(code)
    return indicator.name if indicator else code


def indicator_list(codes):
    return "; ".join(str(indicator_name(code)) for code in codes)


def grouped(items, indicator_of=lambda item: item.indicator):
    """[(group name, items)] in the order of the registry, each group once."""
    order = {}
    for indicator in REGISTRY.values():
        order.setdefault(str(indicator.group or OTHER_GROUP), len(order))

    def group_of(item):
        return str(indicator_of(item).group or OTHER_GROUP)

    items = sorted(items, key=lambda item: order.get(group_of(item), len(order)))
    return [(group, list(rows)) for group, rows in groupby(items, key=group_of)]


# Scopes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnalysisScope:
    """A region, municipality or organization as the analysis pages name and link it."""

    level: str
    pk: int
    name: str
    region_id: int
    municipality_id: int | None = None
    parent_name: str = ""

    @property
    def key(self):
        return scope_key(self.level, self.pk)

    @property
    def chain(self):
        """(level, key) from the scope up to its region: where its target may be set."""
        chain = [(self.level, self.key)]
        if self.level == ScopeLevel.ORGANIZATION:
            chain.append(
                (ScopeLevel.MUNICIPALITY, scope_key(ScopeLevel.MUNICIPALITY, self.municipality_id))
            )
        if self.level != ScopeLevel.REGION:
            chain.append((ScopeLevel.REGION, scope_key(ScopeLevel.REGION, self.region_id)))
        return chain

    @property
    def level_label(self):
        return ScopeLevel(self.level).label

    @property
    def child_level(self):
        return {
            ScopeLevel.REGION: ScopeLevel.MUNICIPALITY,
            ScopeLevel.MUNICIPALITY: ScopeLevel.ORGANIZATION,
        }.get(self.level)

    @property
    def sort_key(self):
        return (LEVEL_ORDER[self.level], self.parent_name, self.name, self.pk)

    def __str__(self):
        return self.name

    @classmethod
    def of_value(cls, value):
        """The scope of a stored value; its region, municipality or organization selected."""
        if value.level == ScopeLevel.ORGANIZATION:
            organization = value.organization
            return cls(
                ScopeLevel.ORGANIZATION,
                organization.pk,
                organization.short_name,
                organization.municipality.region_id,
                organization.municipality_id,
                organization.municipality.name,
            )
        if value.level == ScopeLevel.MUNICIPALITY:
            municipality = value.municipality
            return cls(
                ScopeLevel.MUNICIPALITY, municipality.pk, municipality.name, municipality.region_id
            )
        return cls(ScopeLevel.REGION, value.region_id, value.region.name, value.region_id)


SCOPE_FIELDS = (
    "level",
    "region_id",
    "region__name",
    "municipality_id",
    "municipality__name",
    "municipality__region_id",
    "organization_id",
    "organization__short_name",
    "organization__municipality_id",
    "organization__municipality__name",
    "organization__municipality__region_id",
)


def scope_from_row(row):
    level = row["level"]
    if level == ScopeLevel.ORGANIZATION:
        return AnalysisScope(
            level,
            row["organization_id"],
            row["organization__short_name"],
            row["organization__municipality__region_id"],
            row["organization__municipality_id"],
            row["organization__municipality__name"],
        )
    if level == ScopeLevel.MUNICIPALITY:
        return AnalysisScope(
            level, row["municipality_id"], row["municipality__name"], row["municipality__region_id"]
        )
    return AnalysisScope(level, row["region_id"], row["region__name"], row["region_id"])


def visible_values(user):
    return IndicatorValue.objects.visible_to(user, PERM)


def visible_scopes(user, period):
    """Every scope of the period whose values the user sees, region first, in one query."""
    rows = visible_values(user).filter(period=period).order_by().values(*SCOPE_FIELDS).distinct()
    return sorted((scope_from_row(row) for row in rows), key=lambda scope: scope.sort_key)


def scope_by_key(scopes, key):
    return next((scope for scope in scopes if scope.key == key), None)


def default_scope(scopes):
    """The broadest scope the user sees: their region, else municipality, else organization."""
    return scopes[0] if scopes else None


# Periods ---------------------------------------------------------------------------------------


def computed_periods(user):
    return (
        MonitoringPeriod.objects.visible_to(user, PERM)
        .filter(status=PeriodStatus.COMPUTED)
        .select_related("region", "municipality")
        .order_by("-ends_on", "-starts_on", "-pk")
    )


def period_or_none(user, pk):
    """A computed period the user sees; when `pk` is empty, the latest one that has data (a
    period whose every number is zero, say one just begun, is passed over)."""
    periods = computed_periods(user)
    if pk in (None, ""):
        counted = IndicatorValue.objects.filter(period=OuterRef("pk"), numerator__gt=0)
        return periods.filter(Exists(counted)).first() or periods.first()
    try:
        return periods.get(pk=pk)
    except (MonitoringPeriod.DoesNotExist, ValueError):
        return None


def series_periods(user, period, limit=TREND_PERIODS):
    """The period and the computed ones of the same series (same level, region and
    municipality) that end no later, oldest first: the points of a trend."""
    periods = computed_periods(user).filter(
        level=period.level,
        region=period.region_id,
        municipality=period.municipality_id,
        ends_on__lte=period.ends_on,
    )
    return list(periods[:limit])[::-1]


def previous_period(user, period):
    earlier = [p for p in series_periods(user, period, limit=2) if p.pk != period.pk]
    return earlier[-1] if earlier else None


def period_year(period):
    """Targets are set per calendar year; a period takes the year of its last day."""
    return period.ends_on.year
