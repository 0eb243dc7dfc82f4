"""The bank of effective practices with its expertise and dissemination, innovation projects of
sites with their reports, and methodical materials and documents. See docs/practices.md."""

from .documents import MUNICIPAL_KINDS, Document, DocumentKind, DocumentLevel, MunicipalTopic
from .practices import (
    CRITERIA,
    CRITERION_MAX,
    MAX_TOTAL,
    MIN_REVIEWS,
    PASS_MEAN,
    PUBLISHED,
    Dissemination,
    DisseminationKind,
    Practice,
    PracticeKind,
    PracticeLevel,
    PracticeReview,
    PracticeStatus,
    ReviewRecommendation,
)
from .projects import (
    EffectLevel,
    InnovationLevel,
    InnovationProject,
    InnovationReport,
    InnovationStatus,
)

__all__ = [
    "CRITERIA",
    "CRITERION_MAX",
    "MAX_TOTAL",
    "MIN_REVIEWS",
    "MUNICIPAL_KINDS",
    "PASS_MEAN",
    "PUBLISHED",
    "Dissemination",
    "DisseminationKind",
    "Document",
    "DocumentKind",
    "DocumentLevel",
    "EffectLevel",
    "InnovationLevel",
    "InnovationProject",
    "InnovationReport",
    "InnovationStatus",
    "MunicipalTopic",
    "Practice",
    "PracticeKind",
    "PracticeLevel",
    "PracticeReview",
    "PracticeStatus",
    "ReviewRecommendation",
]
