"""Reads of the analysis pages: the scopes a user sees in a period, targets resolved from the
organization up to the default, traffic lights, the dashboard, the ranking «в разрезе», the
comparisons, the rows behind a stored number and the effect of a decision.

Every page reads its stored values, targets and trend in a fixed number of queries, whatever the
number of organizations or people: values come from `IndicatorValue` rows already aggregated by
the computation, targets of a year and region in one query (`TargetBook`)."""

from .compare import (
    compare_periods,
    compare_scopes,
    default_compared_scopes,
)
from .dashboard import (
    dashboard,
    parent_cell,
    ranking,
    ranking_levels,
)
from .drill import (
    DENOMINATOR,
    NUMERATOR,
    Drill,
    drill,
    drill_objects,
    people_places,
)
from .effects import (
    decision_effect,
)
from .report import (
    below_target,
    previous_values,
    scope_decisions,
    scope_recommendations,
)
from .scopes import (
    GREEN,
    GREY,
    LIGHT_LABELS,
    NEAR_TARGET,
    PERM,
    RED,
    YELLOW,
    AnalysisScope,
    computed_periods,
    default_scope,
    grouped,
    indicator_list,
    indicator_name,
    indicator_or_none,
    indicators,
    light,
    period_or_none,
    period_year,
    previous_period,
    scope_by_key,
    visible_scopes,
    visible_values,
)
from .targets import (
    TARGET_SOURCES,
    TargetBook,
    describe_override,
    target_for,
    target_table,
    visible_regions,
    visible_targets,
)
from .tasks import period_tasks, recommendation_tasks, red_indicator_tasks

__all__ = [
    "AnalysisScope",
    "DENOMINATOR",
    "Drill",
    "GREEN",
    "GREY",
    "LIGHT_LABELS",
    "NEAR_TARGET",
    "NUMERATOR",
    "PERM",
    "PERM",
    "RED",
    "TARGET_SOURCES",
    "TargetBook",
    "YELLOW",
    "below_target",
    "compare_periods",
    "compare_scopes",
    "computed_periods",
    "dashboard",
    "decision_effect",
    "default_compared_scopes",
    "default_scope",
    "describe_override",
    "drill",
    "drill_objects",
    "grouped",
    "indicator_list",
    "indicator_name",
    "indicator_or_none",
    "indicators",
    "light",
    "parent_cell",
    "people_places",
    "period_or_none",
    "period_tasks",
    "period_year",
    "previous_period",
    "previous_values",
    "ranking",
    "ranking_levels",
    "recommendation_tasks",
    "red_indicator_tasks",
    "scope_by_key",
    "scope_decisions",
    "scope_recommendations",
    "target_for",
    "target_table",
    "visible_regions",
    "visible_scopes",
    "visible_targets",
    "visible_values",
]
