"""The registry: regions, municipalities and organizations (`places`), the reference lists of
positions and subjects with their synonyms (`references`), people and their jobs (`people`),
attestation (`attestation`)."""

from .attestation import (
    ATTESTATION_ORDER_START,
    Attestation,
    AttestationCategory,
    attestation_valid_until,
)
from .people import (
    RUSSIA,
    YOUNG_AGE_LIMIT,
    YOUNG_CAREER_LIMIT,
    ConsentState,
    EducationLevel,
    Employment,
    Gender,
    Person,
    not_withdrawn,
    person_in_scope,
)
from .places import (
    Municipality,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    OrganizationStatusKind,
    Region,
)
from .references import (
    Country,
    Position,
    PositionCategory,
    ReferenceKind,
    ReferenceSynonym,
    Subject,
)

__all__ = [
    "ATTESTATION_ORDER_START",
    "Attestation",
    "AttestationCategory",
    "ConsentState",
    "Country",
    "EducationLevel",
    "Gender",
    "Employment",
    "Municipality",
    "Organization",
    "OrganizationKind",
    "OrganizationStatus",
    "OrganizationStatusKind",
    "Person",
    "Position",
    "PositionCategory",
    "ReferenceKind",
    "ReferenceSynonym",
    "RUSSIA",
    "Region",
    "Subject",
    "YOUNG_AGE_LIMIT",
    "YOUNG_CAREER_LIMIT",
    "attestation_valid_until",
    "not_withdrawn",
    "person_in_scope",
]
