"""A single «ФИО» column split into surname, name and patronymic.

- three words: Фамилия Имя Отчество;
- two words: Фамилия Имя, no patronymic;
- four or more: the last word is the patronymic when it reads as one (-ич, -вна, -чна), or the
  last two when they end in оглы/кызы/улы/уулу/гызы; the word before it is the name, all the
  words before that the surname («Петров Водкин Кузьма Сергеевич»);
- one word, initials («Иванова А. П.») or four words without a patronymic are refused: the
  registry matches people by full names.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .cells import CellError, clean_text
from .plan import ImportColumn

NAME_PARTS = ("last_name", "first_name", "middle_name")
PATRONYMIC = re.compile(r"(ич|вна|чна)$", re.IGNORECASE)
TURKIC_PATRONYMIC = {"оглы", "кызы", "улы", "уулу", "гызы"}
INITIAL = re.compile(r"^[А-ЯЁA-Z]\.([А-ЯЁA-Z]\.?)?$", re.IGNORECASE)


def split_full_name(value):
    words = clean_text(value).replace(",", " ").split()
    if not words:
        return None
    if any(INITIAL.match(word) for word in words[1:]):
        raise CellError(_("Вместо имени и отчества указаны инициалы: нужны полные имя и отчество."))
    if len(words) == 1:
        raise CellError(_("Укажите фамилию, имя и отчество через пробел."))
    if len(words) == 2:
        return (words[0], words[1], "")
    if len(words) >= 4 and words[-1].lower() in TURKIC_PATRONYMIC:
        return _parts(words[:-2], " ".join(words[-2:]))
    if len(words) == 3 or PATRONYMIC.search(words[-1]):
        return _parts(words[:-1], words[-1])
    raise CellError(
        _(
            "Не удалось разделить ФИО на фамилию, имя и отчество. Укажите их в отдельных "
            "столбцах «Фамилия», «Имя», «Отчество»."
        )
    )


def _parts(names, patronymic):
    return (" ".join(names[:-1]), names[-1], patronymic)


FULL_NAME = ImportColumn(
    "full_name",
    gettext_lazy("ФИО"),
    aliases=(
        "Ф.И.О.",
        "ФИО полностью",
        "ФИО работника",
        "ФИО педагога",
        "ФИО сотрудника",
        "ФИО педагогического работника",
        "ФИО участника",
        "Фамилия, имя, отчество",
        "Фамилия имя отчество",
    ),
    parse=split_full_name,
    fills=NAME_PARTS,
    help=gettext_lazy(
        "Можно вместо столбцов «Фамилия», «Имя», «Отчество»: «Семёнова Анна Петровна». "
        "Два слова — фамилия и имя без отчества."
    ),
    example="Семёнова Анна Петровна",
)

# The columns of a person's name in every importer of people: the parts, or one «ФИО» column.
PERSON_NAME_COLUMNS = (
    ImportColumn(
        "last_name",
        gettext_lazy("Фамилия"),
        required=True,
        help=gettext_lazy("Фамилия работника."),
        example="Семёнова",
    ),
    ImportColumn(
        "first_name",
        gettext_lazy("Имя"),
        required=True,
        help=gettext_lazy("Имя работника."),
        example="Анна",
    ),
    ImportColumn(
        "middle_name",
        gettext_lazy("Отчество"),
        help=gettext_lazy("Отчество (если есть)."),
        example="Петровна",
    ),
    FULL_NAME,
)
