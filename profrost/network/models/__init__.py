"""The methodical network: associations with their members, reports and horizontal learning
groups; annual plans of methodical work; methodical events with registration and attendance.

Who sees what is described once, in `places` and in each model's `scope_filter`; see
docs/network.md.
"""

from .associations import (
    Association,
    AssociationKind,
    AssociationReport,
    HorizontalGroup,
    HorizontalGroupStatus,
    Membership,
    MembershipRole,
    TargetLevel,
)
from .events import (
    Event,
    EventKind,
    EventLevel,
    EventStatus,
    Participation,
    ParticipationRole,
    PlanLevel,
    WorkPlan,
    school_year_start,
)
from .places import Places, places

__all__ = [
    "Association",
    "AssociationKind",
    "AssociationReport",
    "Event",
    "EventKind",
    "EventLevel",
    "EventStatus",
    "HorizontalGroup",
    "HorizontalGroupStatus",
    "Membership",
    "MembershipRole",
    "Participation",
    "ParticipationRole",
    "PlanLevel",
    "Places",
    "TargetLevel",
    "WorkPlan",
    "places",
    "school_year_start",
]
