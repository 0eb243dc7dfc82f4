"""Reads of the analysis pages: the scopes a user sees in a period, targets resolved from the
organization up to the default, traffic lights, the dashboard, the ranking «в разрезе», the
comparisons and the rows behind a stored number.

Every page reads its stored values, targets and trend in a fixed number of queries, whatever the
number of organizations or people: values come from `IndicatorValue` rows already aggregated by
the computation, targets of a year and region in one query (`TargetBook`).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.db.models import Count, Exists, F, OuterRef, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from profrost.core.roles import Perm
from profrost.registry.models import Employment, Person

from .indicators import REGISTRY
from .indicators.base import AMOUNT, HIGHER, LOWER, PRESENCE, SHARE
from .models import IndicatorValue, MonitoringPeriod, PeriodStatus, ScopeLevel, scope_key
from .targets import ResolvedTarget, TargetBook

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


# Cells: one indicator for one scope in one period ----------------------------------------------


@dataclass
class Cell:
    indicator: object
    stored: IndicatorValue | None
    target: ResolvedTarget

    @property
    def value(self):
        return self.stored.value if self.stored else None

    @property
    def numerator(self):
        return self.stored.numerator if self.stored else None

    @property
    def denominator(self):
        return self.stored.denominator if self.stored else None

    @property
    def light(self):
        return light(self.indicator, self.value, self.target.value)

    @property
    def light_label(self):
        return LIGHT_LABELS[self.light]

    @property
    def below(self):
        return self.light in (YELLOW, RED)

    @property
    def is_share(self):
        return self.indicator.kind == SHARE

    @property
    def is_presence(self):
        return self.indicator.kind == PRESENCE


def cells_for(indicator_list, values, book, scope):
    return [
        Cell(indicator, values.get(indicator.code), book.resolve(indicator, scope))
        for indicator in indicator_list
    ]


# The dashboard ---------------------------------------------------------------------------------


@dataclass
class DashboardRow:
    cell: Cell
    trend: list
    ranking: bool

    @property
    def indicator(self):
        return self.cell.indicator


@dataclass
class Dashboard:
    period: MonitoringPeriod
    scope: AnalysisScope
    trend_periods: list
    rows: list = field(default_factory=list)

    @property
    def groups(self):
        return grouped(self.rows)

    def counts(self):
        return {
            colour: sum(row.cell.light == colour for row in self.rows)
            for colour in (GREEN, YELLOW, RED, GREY)
        }

    def chart(self):
        """Data of the trend lines, for json_script."""
        return {
            "labels": [period.title for period in self.trend_periods],
            "series": {
                row.indicator.code: {
                    "values": [float(v) if v is not None else None for v in row.trend],
                    "target": float(row.cell.target.value)
                    if row.cell.target.value is not None
                    else None,
                    "unit": str(row.indicator.unit),
                }
                for row in self.rows
            },
        }


def dashboard(user, period, scope):
    """Every indicator of a scope in a period against its target, with its trend."""
    stored = {
        value.indicator: value
        for value in visible_values(user).filter(period=period, scope_key=scope.key)
    }
    book = TargetBook(period_year(period), [scope.region_id])
    trend_periods = series_periods(user, period)
    trend = {
        (period_id, code): value
        for period_id, code, value in visible_values(user)
        .filter(period__in=[p.pk for p in trend_periods], scope_key=scope.key)
        .values_list("period_id", "indicator", "value")
    }
    child = scope.child_level
    result = Dashboard(period, scope, trend_periods)
    for cell in cells_for(indicators(scope.level), stored, book, scope):
        code = cell.indicator.code
        result.rows.append(
            DashboardRow(
                cell,
                [trend.get((p.pk, code)) for p in trend_periods],
                ranking=bool(child) and child in cell.indicator.levels,
            )
        )
    return result


# The ranking «в разрезе» -----------------------------------------------------------------------


@dataclass
class RankingRow:
    scope: AnalysisScope
    cell: Cell
    rank: int = 0


def ranking_levels(parent):
    """The levels a ranking below `parent` may list: municipalities or organizations of a
    region, organizations of a municipality."""
    if parent.level == ScopeLevel.REGION:
        return [ScopeLevel.MUNICIPALITY, ScopeLevel.ORGANIZATION]
    if parent.level == ScopeLevel.MUNICIPALITY:
        return [ScopeLevel.ORGANIZATION]
    return []


def ranking(user, period, indicator, parent, level):
    """The scopes of `level` below `parent` that the user sees, best first; the rank is shared
    by equal values, scopes without a value come last."""
    values = (
        visible_values(user)
        .filter(period=period, indicator=indicator.code, level=level)
        .select_related("municipality", "organization__municipality")
    )
    if parent.level == ScopeLevel.MUNICIPALITY:
        values = values.filter(organization__municipality=parent.pk)
    elif level == ScopeLevel.MUNICIPALITY:
        values = values.filter(municipality__region=parent.pk)
    else:
        values = values.filter(organization__municipality__region=parent.pk)
    ascending = indicator.direction == LOWER
    order = F("value").asc(nulls_last=True) if ascending else F("value").desc(nulls_last=True)
    name = "municipality__name" if level == ScopeLevel.MUNICIPALITY else "organization__short_name"
    values = values.order_by(order, name, "pk")
    book = TargetBook(period_year(period), [parent.region_id], codes=[indicator.code])
    rows = []
    for value in values:
        scope = AnalysisScope.of_value(value)
        rows.append(RankingRow(scope, Cell(indicator, value, book.resolve(indicator, scope))))
    previous = None
    for position, row in enumerate(rows, start=1):
        if row.cell.value is None:
            row.rank = None
        elif previous is not None and row.cell.value == previous.cell.value:
            row.rank = previous.rank
        else:
            row.rank = position
        previous = row
    return rows


def parent_cell(user, period, indicator, parent):
    value = visible_values(user).filter(
        period=period, indicator=indicator.code, scope_key=parent.key
    )
    book = TargetBook(period_year(period), [parent.region_id], keys=[k for _l, k in parent.chain])
    return Cell(indicator, value.first(), book.resolve(indicator, parent))


# Comparison ------------------------------------------------------------------------------------


@dataclass
class PeriodComparisonRow:
    indicator: object
    first: Cell
    second: Cell

    @property
    def change(self):
        if self.first.value is None or self.second.value is None:
            return None
        return self.second.value - self.first.value

    @property
    def trend(self):
        """up (better), down (worse) or flat, by the indicator's direction."""
        change = self.change
        if not change or self.indicator.direction not in (HIGHER, LOWER):
            return "flat" if change == 0 else ""
        better = change > 0 if self.indicator.direction == HIGHER else change < 0
        return "better" if better else "worse"


def compare_periods(user, scope, first, second):
    """Each indicator of a scope in two periods, the change from the first to the second."""
    stored = {
        (value.period_id, value.indicator): value
        for value in visible_values(user).filter(
            period__in=[first.pk, second.pk], scope_key=scope.key
        )
    }
    books = {}
    for period in (first, second):
        year = period_year(period)
        if year not in books:
            books[year] = TargetBook(year, [scope.region_id])
    rows = []
    for indicator in indicators(scope.level):
        cells = [
            Cell(
                indicator,
                stored.get((period.pk, indicator.code)),
                books[period_year(period)].resolve(indicator, scope),
            )
            for period in (first, second)
        ]
        rows.append(PeriodComparisonRow(indicator, *cells))
    return rows


@dataclass
class ScopeComparisonRow:
    indicator: object
    cells: list


def default_compared_scopes(scopes, top):
    """The top scope and the scopes right below it."""
    if top is None:
        return []
    return [top, *(scope for scope in scopes if parent_key(scope) == top.key)]


def parent_key(scope):
    if scope.level == ScopeLevel.ORGANIZATION:
        return scope_key(ScopeLevel.MUNICIPALITY, scope.municipality_id)
    if scope.level == ScopeLevel.MUNICIPALITY:
        return scope_key(ScopeLevel.REGION, scope.region_id)
    return None


def compare_scopes(user, period, scopes):
    """Each indicator of a period for several scopes side by side."""
    stored = {
        (value.scope_key, value.indicator): value
        for value in visible_values(user).filter(
            period=period, scope_key__in=[scope.key for scope in scopes]
        )
    }
    book = TargetBook(period_year(period), {scope.region_id for scope in scopes})
    return [
        ScopeComparisonRow(
            indicator,
            [
                Cell(
                    indicator,
                    stored.get((scope.key, indicator.code)),
                    book.resolve(indicator, scope),
                )
                for scope in scopes
            ],
        )
        for indicator in indicators(*{scope.level for scope in scopes})
    ]


# Drill-down ------------------------------------------------------------------------------------

NUMERATOR, DENOMINATOR = "numerator", "denominator"
PARTS = {NUMERATOR: _("числитель"), DENOMINATOR: _("знаменатель")}


def counted_model(measure, model):
    """The model whose rows a measure counts: Person for `person`, the row itself for `pk`
    or a sum; None when it counts a plain column."""
    if measure.total or measure.count == "pk":
        return model
    for part in measure.count.split("__"):
        model = model._meta.get_field(part).related_model
        if model is None:
            return None
    return model


def current_amount(measure, rows):
    """What the measure gives on today's data: the number the drill-down lists."""
    if measure.total:
        amount = rows.aggregate(
            amount=Coalesce(Sum(measure.total), Decimal(0), output_field=AMOUNT)
        )["amount"]
    else:
        amount = rows.aggregate(amount=Count(measure.count, distinct=True))["amount"]
    return Decimal(amount)


@dataclass
class Drill:
    period: MonitoringPeriod
    indicator: object
    stored: IndicatorValue
    scope: AnalysisScope
    part: str
    measure: object
    rows: object
    model: object

    @property
    def people(self):
        return self.model is Person

    @property
    def stored_amount(self):
        return self.stored.numerator if self.part == NUMERATOR else self.stored.denominator

    def current(self):
        return current_amount(self.measure, self.rows)

    @property
    def part_label(self):
        return PARTS[self.part]


def drill(user, period, indicator, level, pk, part):
    """The rows behind a stored number, or None when the user does not see that number."""
    if level not in ScopeLevel.values or part not in PARTS:
        return None
    measure = indicator.numerator if part == NUMERATOR else indicator.denominator
    if measure is None or measure.path(level) is None:
        return None
    stored = (
        visible_values(user)
        .filter(period=period, indicator=indicator.code, scope_key=scope_key(level, pk))
        .select_related("region", "municipality", "organization__municipality")
        .first()
    )
    if stored is None:
        return None
    rows = measure.rows_for(period, level, pk)
    model = counted_model(measure, rows.model)
    return Drill(
        period, indicator, stored, AnalysisScope.of_value(stored), part, measure, rows, model
    )


def drill_objects(user, drill_):
    """People (for a measure counting people) or records behind the number, as the user sees
    them, ordered; a queryset to paginate."""
    measure, rows = drill_.measure, drill_.rows
    if drill_.people:
        ids = rows.values(measure.count)
        return (
            Person.objects.visible_to(user, PERM)
            .filter(pk__in=ids)
            .order_by("last_name", "first_name", "middle_name", "pk")
        )
    model = drill_.model or rows.model
    if model is rows.model:
        objects = model._default_manager.filter(pk__in=rows.values("pk"))
    else:
        objects = model._default_manager.filter(pk__in=rows.values(measure.count))
    if hasattr(objects, "visible_to") and hasattr(model, "scope_filter"):
        objects = objects.visible_to(user, PERM)
    return objects.order_by(*(model._meta.ordering or ()), "pk")


def people_places(drill_, ids):
    """{person id: [(organization, position)]} for people (a list of ids or a subquery): the
    rows' own organization and position when the rows are places of work, else the places of
    work in the scope on the period's last day. One query."""
    measure = drill_.measure
    if drill_.rows.model is Employment and measure.count == "person":
        places = drill_.rows.filter(person__in=ids)
    else:
        path = {
            ScopeLevel.ORGANIZATION: "organization",
            ScopeLevel.MUNICIPALITY: "organization__municipality",
            ScopeLevel.REGION: "organization__municipality__region",
        }[drill_.scope.level]
        places = Employment.objects.active(drill_.period.ends_on).filter(
            person__in=ids, **{path: drill_.scope.pk}
        )
    found = {}
    for person_id, organization, position in places.order_by(
        "person", "-is_main", "organization__short_name"
    ).values_list("person", "organization__short_name", "position__name"):
        pairs = found.setdefault(person_id, [])
        if (organization, position) not in pairs:
            pairs.append((organization, position))
    return found
