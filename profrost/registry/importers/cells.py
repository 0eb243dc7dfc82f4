"""Cells every registry import reads the same way: СНИЛС, birth date, the examples of ИНН and
СНИЛС in the templates."""

from django.core.exceptions import ValidationError

from profrost.core.importers import (
    CellError,
    digits,
    parse_date,
)

from ..validators import (
    format_snils,
    make_inn,
    make_snils,
    validate_birth_date,
    validate_snils,
)

EXAMPLE_INN = make_inn(550100001)
EXAMPLE_SNILS = format_snils(make_snils(112233445))


def _validated(value, validator):
    """The registry's own rule for a field, as a cell error."""
    try:
        validator(value)
    except ValidationError as error:
        raise CellError(error.messages[0]) from error
    return value


def parse_snils(value):
    """11 digits that pass the checksum and are not a placeholder such as 000-000-000 00."""
    number = digits(11)(value)
    return _validated(number, validate_snils) if number else number


def parse_birth_date(value):
    day = parse_date(value)
    return _validated(day, validate_birth_date) if day else day
