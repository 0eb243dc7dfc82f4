"""The effect of a management decision: the stored values of its indicators for its scope in the
period it was based on and in the next computed one — read, never recomputed."""

from dataclasses import dataclass

from ..indicators import REGISTRY
from ..indicators.base import HIGHER, LOWER
from ..models import IndicatorValue, MonitoringPeriod, PeriodStatus, ScopeLevel, scope_key
from .scopes import AnalysisScope, light
from .targets import TargetBook

# The effect of a decision: before → after ------------------------------------------------------


def next_period(period):
    """The next computed period of the same series (level, region, municipality)."""
    if period is None:
        return None
    return (
        MonitoringPeriod.objects.filter(
            status=PeriodStatus.COMPUTED,
            level=period.level,
            region=period.region_id,
            municipality=period.municipality_id,
            ends_on__gt=period.ends_on,
        )
        .order_by("ends_on", "starts_on", "pk")
        .first()
    )


@dataclass
class EffectRow:
    indicator: object
    before: object  # IndicatorValue or None
    after: object
    before_target: object
    after_target: object

    @property
    def before_value(self):
        return self.before.value if self.before else None

    @property
    def after_value(self):
        return self.after.value if self.after else None

    @property
    def change(self):
        if self.before_value is None or self.after_value is None:
            return None
        return self.after_value - self.before_value

    @property
    def improved(self):
        """True when the value moved in the indicator's better direction, False when it moved
        the other way, None when it did not move or has no better direction."""
        change = self.change
        if not change or self.indicator.direction not in (HIGHER, LOWER):
            return None
        return (change > 0) == (self.indicator.direction == HIGHER)

    @property
    def before_light(self):
        return light(self.indicator, self.before_value, self.before_target)

    @property
    def after_light(self):
        return light(self.indicator, self.after_value, self.after_target)


@dataclass
class Effect:
    before_period: object
    after_period: object
    rows: list


def decision_scope(decision):
    if decision.level == ScopeLevel.MUNICIPALITY:
        return AnalysisScope(
            ScopeLevel.MUNICIPALITY,
            decision.municipality_id,
            decision.municipality.name,
            decision.region_id,
        )
    return AnalysisScope(
        ScopeLevel.REGION, decision.region_id, decision.region.name, decision.region_id
    )


def decision_effect(decision):
    """The stored values of the decision's indicators for its scope in the period it was based
    on and in the next computed one, with their targets — read, never recomputed: at most four
    queries whatever the number of indicators."""
    before = decision.based_on
    after = next_period(before)
    indicators = [REGISTRY[code] for code in decision.indicators if code in REGISTRY]
    if before is None or not indicators:
        return Effect(before, after, [])
    scope = decision_scope(decision)
    periods = [p.pk for p in (before, after) if p is not None]
    stored = {
        (value.period_id, value.indicator): value
        for value in IndicatorValue.objects.filter(
            period__in=periods,
            scope_key=scope_key(scope.level, scope.pk),
            indicator__in=[indicator.code for indicator in indicators],
        )
    }
    keys = [key for _level, key in scope.chain]
    codes = [indicator.code for indicator in indicators]
    books = {}
    for period in (before, after):
        if period is not None and period.ends_on.year not in books:
            books[period.ends_on.year] = TargetBook(
                period.ends_on.year, [scope.region_id], keys=keys, codes=codes
            )
    rows = []
    for indicator in indicators:
        after_value = stored.get((after.pk, indicator.code)) if after else None
        rows.append(
            EffectRow(
                indicator=indicator,
                before=stored.get((before.pk, indicator.code)),
                after=after_value,
                before_target=books[before.ends_on.year].resolve(indicator, scope).value,
                after_target=books[after.ends_on.year].resolve(indicator, scope).value
                if after
                else None,
            )
        )
    return Effect(before, after, rows)
