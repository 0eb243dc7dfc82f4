"""Competitions of professional mastery, expert activity and publications of teachers.

Participations, expert activity and publications are facts about a person: they are in scope as
their person is (as a registry person is). A competition is a public event: everybody in the
region where it is held sees it; it is changed by who holds it (its region, municipality or
organization).
"""

from .base import FIRST_YEAR, Level, PublicationLevel, validate_year
from .competitions import AWARDED, Competition, CompetitionParticipation, CompetitionStage, Result
from .experts import Expert, ExpertActivity, ExpertKind
from .publications import Publication, PublicationKind

__all__ = [
    "AWARDED",
    "FIRST_YEAR",
    "Competition",
    "CompetitionParticipation",
    "CompetitionStage",
    "Expert",
    "ExpertActivity",
    "ExpertKind",
    "Level",
    "Publication",
    "PublicationKind",
    "PublicationLevel",
    "Result",
    "validate_year",
]
