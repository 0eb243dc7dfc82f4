"""Endpoints of the program catalogue, cohorts, enrolments and training requests.

Reads go through `visible_to(user, Perm.VIEW_PROGRAMS)` (requests: MANAGE_TRAINING_REQUESTS) with
the pages' filter sets. Every write calls `profrost.programs.services`, as the pages do, so the
rules (the hours of ПК and ПП, capacity, the status flow and who may move it) and their Russian
messages are the same: a rule refused is a 400, a move the user may not make a 403.
"""

from .catalogue import CohortViewSet, ProgramViewSet
from .enrollments import EnrollmentViewSet
from .requests import TrainingRequestViewSet


def register(router):
    router.register("programs", ProgramViewSet, basename="program")
    router.register("cohorts", CohortViewSet, basename="cohort")
    router.register("enrollments", EnrollmentViewSet, basename="enrollment")
    router.register("training-requests", TrainingRequestViewSet, basename="training-request")
