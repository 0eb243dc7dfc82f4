"""The pages of monitoring: periods, the analysis, targets, recommendations, decisions and the
report."""

from .analysis import (
    CompareView,
    DashboardView,
    DrillView,
    RankingView,
)
from .decisions import (
    DecisionCreateView,
    DecisionDetailView,
    DecisionListView,
    DecisionStatusView,
    DecisionUpdateView,
)
from .periods import (
    PeriodComputeView,
    PeriodCreateView,
    PeriodDeleteView,
    PeriodDetailView,
    PeriodListView,
)
from .recommendations import (
    ApplyRulesView,
    RecommendationAnswerView,
    RecommendationCreateView,
    RecommendationDetailView,
    RecommendationListView,
    RecommendationReviewView,
    RecommendationRulesView,
    RecommendationUpdateView,
)
from .report import (
    report_docx,
)
from .targets import (
    TargetCreateView,
    TargetDeleteView,
    TargetListView,
    TargetUpdateView,
)

__all__ = [
    "ApplyRulesView",
    "CompareView",
    "DashboardView",
    "DecisionCreateView",
    "DecisionDetailView",
    "DecisionListView",
    "DecisionStatusView",
    "DecisionUpdateView",
    "DrillView",
    "PeriodComputeView",
    "PeriodCreateView",
    "PeriodDeleteView",
    "PeriodDetailView",
    "PeriodListView",
    "RankingView",
    "RecommendationAnswerView",
    "RecommendationCreateView",
    "RecommendationDetailView",
    "RecommendationListView",
    "RecommendationReviewView",
    "RecommendationRulesView",
    "RecommendationUpdateView",
    "TargetCreateView",
    "TargetDeleteView",
    "TargetListView",
    "TargetUpdateView",
    "report_docx",
]
