"""Comparisons: one scope across two periods, and several scopes in one period."""

from dataclasses import dataclass

from ..indicators.base import HIGHER, LOWER
from ..models import ScopeLevel, scope_key
from .dashboard import Cell
from .scopes import indicators, period_year, visible_values
from .targets import TargetBook

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
