"""Every state change of monitoring: computing a period, recommendations and management
decisions; atomic, validated (messages in Russian) and audited (`monitoring.<model>.<verb>`)."""

from .common import (
    may_answer,
    may_decide,
    may_manage,
)
from .computing import (
    compute_period,
    indicator_values,
    period_scopes,
)
from .decisions import (
    next_statuses,
    save_decision,
    set_decision_status,
)
from .periods import (
    start_computation,
)
from .recommendations import (
    accept_recommendation,
    answer_recommendation,
    apply_rules,
    close_recommendation,
    create_recommendation,
    return_recommendation,
    stored_reading,
    update_recommendation,
)
from .targets import (
    MAX_YEAR,
    MIN_YEAR,
    delete_target,
    may_manage_region,
    save_target,
    set_region_targets,
    validate_target,
    validate_value,
)

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "accept_recommendation",
    "answer_recommendation",
    "apply_rules",
    "close_recommendation",
    "compute_period",
    "create_recommendation",
    "delete_target",
    "indicator_values",
    "may_answer",
    "may_decide",
    "may_manage",
    "may_manage_region",
    "next_statuses",
    "period_scopes",
    "return_recommendation",
    "save_decision",
    "save_target",
    "set_decision_status",
    "set_region_targets",
    "start_computation",
    "stored_reading",
    "update_recommendation",
    "validate_target",
    "validate_value",
]
