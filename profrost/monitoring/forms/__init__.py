"""The forms of monitoring: periods, targets, recommendations and decisions."""

from .decisions import (
    DecisionForm,
    DecisionStatusForm,
)
from .periods import (
    PeriodForm,
)
from .recommendations import (
    AnswerForm,
    ApplyRulesForm,
    RecommendationForm,
    RecommendationUpdateForm,
    ReviewForm,
)
from .targets import (
    RegionTargetsForm,
    TargetForm,
    TargetValueForm,
)

__all__ = [
    "AnswerForm",
    "ApplyRulesForm",
    "DecisionForm",
    "DecisionStatusForm",
    "PeriodForm",
    "RecommendationForm",
    "RecommendationUpdateForm",
    "RegionTargetsForm",
    "ReviewForm",
    "TargetForm",
    "TargetValueForm",
]
