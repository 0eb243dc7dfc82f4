"""Cells every registry import reads the same way: СНИЛС, birth date, the examples of ИНН and
СНИЛС in the templates; gender and prior education, the staff import's columns for ДПО
documents."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core.importers import (
    EMPTY,
    TEXT_FORMAT,
    CellError,
    ImportColumn,
    digits,
    match_key,
    parse_date,
)

from ..models import EducationLevel, Gender
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


GENDER_WORDS = {
    Gender.MALE: ("муж", "м", "мужской"),
    Gender.FEMALE: ("жен", "ж", "женский"),
}
LEVEL_WORDS = {
    EducationLevel.HIGHER: ("во", "высшее"),
    EducationLevel.SECONDARY: ("спо", "среднее профессиональное"),
}


def _one_of(value, words, message):
    if value in EMPTY:
        return ""
    word = match_key(value).rstrip(".")
    for choice, spellings in words.items():
        if word in spellings:
            return choice.value
    raise CellError(message)


def parse_gender(value):
    return _one_of(value, GENDER_WORDS, _("Ожидается «Муж» или «Жен»."))


def parse_education_level(value):
    return _one_of(value, LEVEL_WORDS, _("Ожидается «ВО» или «СПО»."))


# The staff import's optional columns of the data for ДПО documents (docs/frdo.md).
REGISTER_COLUMNS = (
    ImportColumn(
        "gender",
        gettext_lazy("Пол"),
        parse=parse_gender,
        help=gettext_lazy("«Муж» или «Жен»: нужен для документов об обучении (ФИС ФРДО)."),
        example="Жен",
    ),
    ImportColumn(
        "education_level",
        gettext_lazy("Уровень образования"),
        aliases=("образование", "уровень образования ВО/СПО"),
        parse=parse_education_level,
        help=gettext_lazy("«ВО» (высшее) или «СПО» (среднее профессиональное)."),
        example="ВО",
    ),
    ImportColumn(
        "diploma_last_name",
        gettext_lazy("Фамилия в дипломе"),
        help=gettext_lazy("Фамилия, указанная в дипломе о ВО или СПО, если она другая."),
        example="Семёнова",
    ),
    ImportColumn(
        "diploma_series",
        gettext_lazy("Серия диплома"),
        help=gettext_lazy("Серия диплома о ВО или СПО."),
        example="107718",
        number_format=TEXT_FORMAT,
    ),
    ImportColumn(
        "diploma_number",
        gettext_lazy("Номер диплома"),
        help=gettext_lazy("Номер диплома о ВО или СПО."),
        example="0012345",
        number_format=TEXT_FORMAT,
    ),
)
