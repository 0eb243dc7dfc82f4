"""The catalogue of additional professional programs (ДПП), cohorts, enrolments, training
requests and post-course support."""

from .catalogue import (
    MIN_HOURS,
    Cohort,
    DppType,
    Program,
    ProgramCompetence,
    ProgramKind,
    StudyForm,
    provided_by,
)
from .enrollments import (
    HOLDS_PLACE,
    REGISTERED,
    DocumentKind,
    DocumentStatus,
    Enrollment,
    EnrollmentStatus,
    EnrollmentTransition,
    PostCourseSupport,
)
from .frdo import (
    DocumentNumbering,
    ExportBatch,
    ExportedDocument,
    FundingSource,
    RegisterDocumentKind,
    RegisterStudyForm,
    number_pattern_is_valid,
)
from .requests import RequestStatus, TrainingRequest

__all__ = [
    "HOLDS_PLACE",
    "MIN_HOURS",
    "REGISTERED",
    "Cohort",
    "DocumentKind",
    "DocumentNumbering",
    "DocumentStatus",
    "DppType",
    "Enrollment",
    "EnrollmentStatus",
    "EnrollmentTransition",
    "ExportBatch",
    "ExportedDocument",
    "FundingSource",
    "PostCourseSupport",
    "Program",
    "ProgramCompetence",
    "ProgramKind",
    "RegisterDocumentKind",
    "RegisterStudyForm",
    "RequestStatus",
    "StudyForm",
    "TrainingRequest",
    "number_pattern_is_valid",
    "provided_by",
]
