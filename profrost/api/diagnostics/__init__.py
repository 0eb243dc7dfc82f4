"""Endpoints of the competence framework and of diagnostics.

Reads go through `visible_to(user, Perm.VIEW_DIAGNOSTICS)`, as the pages do, with the pages'
filter sets; the framework is changed by holders of MANAGE_COMPETENCES through the competences'
services. Instruments, campaigns, results and deficits are read-only here: they change through
their pages and services (taking a diagnostics, importing results).
"""

from .competences import CompetenceGroupViewSet, CompetenceViewSet
from .reads import CampaignViewSet, DeficitViewSet, InstrumentViewSet, ResultViewSet


def register(router):
    router.register("competence-groups", CompetenceGroupViewSet, basename="competence-group")
    router.register("competences", CompetenceViewSet, basename="competence")
    router.register("instruments", InstrumentViewSet, basename="instrument")
    router.register("campaigns", CampaignViewSet, basename="campaign")
    router.register("results", ResultViewSet, basename="result")
    router.register("deficits", DeficitViewSet, basename="deficit")
