"""Cell normalisers: what a spreadsheet cell means as text, a date, yes/no, a list or a code.

A parser raises CellError with the reason shown to the user.
"""

import re
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.dates import format_date

EXCEL_EPOCH = date(1899, 12, 30)
EMPTY = (None, "", [])

SPACES = re.compile(r"\s+")
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"))
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
HEADER_MARKS = re.compile(r"[.,;:*«»\"'!?]")
YEAR_SUFFIX = re.compile(r"\s*г(ода?)?\.?$")
TRUE_WORDS = {"да", "д", "1", "+", "true", "истина", "yes", "y", "v", "✓", "on"}
FALSE_WORDS = {"нет", "н", "0", "-", "–", "—", "false", "ложь", "no", "n", "off"}


class CellError(ValueError):
    """A cell that cannot be understood; the message is the reason shown to the user."""


def clean_text(value):
    """The cell as text: numbers without «.0», dates as дд.мм.гггг, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("да") if value else _("нет")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return format_date(value)
    return SPACES.sub(" ", str(value).translate(INVISIBLE)).strip()


def match_key(value):
    """The form used only for matching: case, ё/е and spacing do not count."""
    return clean_text(value).lower().replace("ё", "е")


def parse_date(value):
    if value in EMPTY:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(_date_reason())
    if isinstance(value, (int, float)):
        return from_excel_serial(value)
    text = YEAR_SUFFIX.sub("", TIME_TAIL.sub("", clean_text(value)))
    if not text:
        return None
    if text.isdigit() and len(text) <= 6:
        return from_excel_serial(int(text))
    return _parse_date_text(text)


def _parse_date_text(text):
    found = DAY_MONTH_YEAR.match(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
        if len(found.group(3)) == 2:
            year = _full_year(year)
    elif found := ISO_DATE.match(text):
        year, month, day = (int(part) for part in found.groups())
    else:
        raise CellError(_date_reason())
    try:
        day = date(year, month, day)
    except ValueError as error:
        raise CellError(_("Такой даты нет в календаре.")) from error
    return _checked(day)


def _full_year(two_digits):
    # «01.02.85» is 1985 and «01.09.20» is 2020: a two-digit year is never in the future.
    year = 2000 + two_digits
    return year if year <= timezone.localdate().year else year - 100


def from_excel_serial(number):
    """Excel stores a date as days since 30.12.1899 (44075 is 01.09.2020)."""
    if not 1 <= number <= 2958465:
        raise CellError(_date_reason())
    return _checked(EXCEL_EPOCH + timedelta(days=int(number)))


def _checked(day):
    if not 1900 <= day.year <= 2100:
        raise CellError(_("Дата вне допустимого диапазона (1900–2100 годы)."))
    return day


def _date_reason():
    return _("Не удалось распознать дату. Укажите её в виде дд.мм.гггг, например 01.09.2020.")


def parse_bool(value):
    if value in EMPTY:
        return None
    if isinstance(value, bool):
        return value
    word = match_key(value).rstrip(".")
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("Ожидается «да» или «нет»."))


def parse_list(value):
    """Items separated by «;» or «,», blanks and repeats dropped, order kept."""
    items = (clean_text(item) for item in re.split(r"[;,]", clean_text(value)))
    return list(dict.fromkeys(item for item in items if item))


def digits(*lengths):
    """A parser of codes such as ИНН or СНИЛС. Excel drops leading zeros of a code typed as a
    number, so a numeric cell is padded to the nearest allowed length."""

    def parse(value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            text = str(value)
            longer = [length for length in lengths if length >= len(text)]
            return text.zfill(min(longer)) if longer else text
        return re.sub(r"[\s\-]", "", clean_text(value))

    return parse


def header_key(text):
    """A header as names are compared: «Ф.И.О.*» is «ф и о», «Фамилия, имя» is «фамилия имя»."""
    return SPACES.sub(" ", HEADER_MARKS.sub(" ", match_key(text))).strip()


def without_note(text):
    """«Дата рождения (дд.мм.гггг)» → «Дата рождения»."""
    return re.sub(r"\(.*?\)", "", clean_text(text))
