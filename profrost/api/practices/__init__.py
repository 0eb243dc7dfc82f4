"""Endpoints of the bank of practices, innovation projects and documents.

Reads go through `visible_to(user, Perm.VIEW_NETWORK)` with the pages' filter sets; the public
bank (`public-practices`) needs no login and shows only practices included in the bank. Writes go
through `profrost.practices.services`, which validate with the pages' Russian messages, check the
rights over the row and audit (`practices.<model>.<verb>`): practices are submitted and edited
with SUBMIT_PRACTICES, their expertise (experts, inclusion, rejection, dissemination) and the
innovation projects are run with MANAGE_PRACTICES, score sheets are filled only by their expert,
documents and project reports are kept with MANAGE_MATERIALS.
"""

from .bank import DisseminationViewSet, PracticeViewSet, ReviewViewSet
from .materials import DocumentViewSet, ProjectViewSet, ReportViewSet
from .public import PublicPracticeViewSet


def register(router):
    router.register("practices", PracticeViewSet, basename="practice")
    router.register("practice-reviews", ReviewViewSet, basename="practice-review")
    router.register(
        "practice-disseminations", DisseminationViewSet, basename="practice-dissemination"
    )
    router.register("public-practices", PublicPracticeViewSet, basename="public-practice")
    router.register("innovation-projects", ProjectViewSet, basename="innovation-project")
    router.register("innovation-reports", ReportViewSet, basename="innovation-report")
    router.register("methodical-documents", DocumentViewSet, basename="methodical-document")
