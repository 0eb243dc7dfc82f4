"""The catalogue of additional professional programs (ДПП), cohorts, enrolments, training
requests and post-course support."""

from .catalogue import (
    MIN_HOURS,
    Cohort,
    Program,
    ProgramCompetence,
    ProgramKind,
    StudyForm,
    provided_by,
)
from .enrollments import (
    HOLDS_PLACE,
    DocumentKind,
    Enrollment,
    EnrollmentStatus,
    EnrollmentTransition,
    PostCourseSupport,
)
from .requests import RequestStatus, TrainingRequest

__all__ = [
    "HOLDS_PLACE",
    "MIN_HOURS",
    "Cohort",
    "DocumentKind",
    "Enrollment",
    "EnrollmentStatus",
    "EnrollmentTransition",
    "PostCourseSupport",
    "Program",
    "ProgramCompetence",
    "ProgramKind",
    "RequestStatus",
    "StudyForm",
    "TrainingRequest",
    "provided_by",
]
