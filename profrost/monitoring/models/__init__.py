"""The models of monitoring, by subject; `from profrost.monitoring.models import X` for all."""

from .decisions import DecisionStatus, ManagementDecision
from .periods import IndicatorValue, MonitoringPeriod, PeriodStatus, ScopeLevel, scope_key
from .recommendations import (
    AddresseeLevel,
    Recommendation,
    RecommendationStatus,
    people_of_municipalities,
)
from .targets import Target

__all__ = [
    "AddresseeLevel",
    "DecisionStatus",
    "IndicatorValue",
    "ManagementDecision",
    "MonitoringPeriod",
    "PeriodStatus",
    "Recommendation",
    "RecommendationStatus",
    "ScopeLevel",
    "Target",
    "people_of_municipalities",
    "scope_key",
]
