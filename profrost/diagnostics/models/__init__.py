"""Instruments, campaigns, attempts, competence results and deficits (docs/diagnostics.md)."""

from .campaigns import (
    Answer,
    Attempt,
    AttemptStatus,
    Campaign,
    CampaignLevel,
    CampaignQuerySet,
    CampaignStatus,
)
from .instruments import (
    CHOICE_KINDS,
    DEFAULT_DEFICIT_BELOW,
    DEFAULT_PROFICIENT_FROM,
    CompetenceLevel,
    Instrument,
    InstrumentKind,
    InstrumentStatus,
    Item,
    ItemCompetence,
    ItemKind,
    Option,
)
from .results import (
    CompetenceResult,
    Deficit,
    DeficitStatus,
    ResultSource,
    not_sensitive,
)

__all__ = [
    "not_sensitive",
    "Answer",
    "Attempt",
    "AttemptStatus",
    "CHOICE_KINDS",
    "Campaign",
    "CampaignLevel",
    "CampaignQuerySet",
    "CampaignStatus",
    "CompetenceLevel",
    "CompetenceResult",
    "DEFAULT_DEFICIT_BELOW",
    "DEFAULT_PROFICIENT_FROM",
    "Deficit",
    "DeficitStatus",
    "Instrument",
    "InstrumentKind",
    "InstrumentStatus",
    "Item",
    "ItemCompetence",
    "ItemKind",
    "Option",
    "ResultSource",
]
