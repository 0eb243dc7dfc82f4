"""The dashboard and the ranking «в разрезе»: stored values with their resolved targets, in a
fixed number of queries whatever the number of organizations (`TargetBook` reads a year's
targets in one)."""

from dataclasses import dataclass, field

from django.db.models import F

from ..indicators.base import LOWER, PRESENCE, SHARE
from ..models import IndicatorValue, MonitoringPeriod, ScopeLevel
from .scopes import (
    GREEN,
    GREY,
    LIGHT_LABELS,
    RED,
    YELLOW,
    AnalysisScope,
    grouped,
    indicators,
    light,
    period_year,
    series_periods,
    visible_values,
)
from .targets import ResolvedTarget, TargetBook, target_for

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
    return Cell(indicator, value.first(), target_for(indicator, period_year(period), parent))
