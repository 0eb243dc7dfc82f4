"""Endpoints of the methodical network: associations and their members, events with
registration and attendance, annual plans; horizontal learning groups and reports to read.

Reads go through `visible_to(user, Perm.VIEW_NETWORK)` with the pages' filter sets; every write
calls the same service as the pages (`profrost.network.services`), which validates, checks the
rules of registration and attendance, and leaves an audit entry `network.<model>.<verb>`.
"""

from .associations import (
    AssociationReportViewSet,
    AssociationViewSet,
    HorizontalGroupViewSet,
    MembershipViewSet,
)
from .events import EventViewSet, ParticipationViewSet, WorkPlanViewSet


def register(router):
    router.register("associations", AssociationViewSet, basename="association")
    router.register("association-memberships", MembershipViewSet, basename="membership")
    router.register("association-reports", AssociationReportViewSet, basename="association-report")
    router.register("horizontal-groups", HorizontalGroupViewSet, basename="horizontal-group")
    router.register("events", EventViewSet, basename="event")
    router.register("event-participations", ParticipationViewSet, basename="participation")
    router.register("work-plans", WorkPlanViewSet, basename="work-plan")
