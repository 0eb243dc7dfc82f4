"""Imports of organizations and of staff from the spreadsheets offices already keep."""

from .cells import EXAMPLE_SNILS, parse_snils
from .organizations import OrganizationImporter, parse_kind
from .staff import NAME_FIELDS, StaffImporter, match_person, name_key

IMPORTERS = {importer.kind: importer for importer in (OrganizationImporter, StaffImporter)}

__all__ = [
    "EXAMPLE_SNILS",
    "IMPORTERS",
    "NAME_FIELDS",
    "OrganizationImporter",
    "StaffImporter",
    "match_person",
    "name_key",
    "parse_kind",
    "parse_snils",
]
