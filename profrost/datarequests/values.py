"""Typed values of answers: reading what a user typed (or an API client sent), checking it against
the field, showing it back. Plain functions over a field and a value; nothing is written here."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from profrost.core.importers.cells import CellError, parse_bool

from .models import MAX_NUMBER, NUMBER_DECIMALS, FieldKind

MAX_TEXT = 5000
SLOTS = {
    FieldKind.NUMBER: "number",
    FieldKind.INTEGER: "number",
    FieldKind.TEXT: "text",
    FieldKind.CHOICE: "text",
    FieldKind.BOOLEAN: "flag",
    FieldKind.DATE: "day",
}


def number_text(value):
    """Decimal('12.5000') → «12,5»; an integer field's value without decimals."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


def display(field, value):
    """The value as a person reads it."""
    if value is None or value == "":
        return ""
    if field.kind in (FieldKind.NUMBER, FieldKind.INTEGER):
        return number_text(value)
    if field.kind == FieldKind.BOOLEAN:
        return _("да") if value else _("нет")
    if field.kind == FieldKind.DATE:
        return value.strftime("%d.%m.%Y")
    return str(value)


def input_text(field, value):
    """The value as the answer form puts it back into its input."""
    if field.kind == FieldKind.BOOLEAN:
        return "" if value is None else ("yes" if value else "no")
    return display(field, value)


def is_empty(raw):
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse(field, raw):
    """The typed value of `raw` for `field`, or None when nothing was given.

    Raises ValidationError with a Russian message naming what is wrong."""
    if is_empty(raw):
        return None
    kind = field.kind
    if kind in (FieldKind.NUMBER, FieldKind.INTEGER):
        value = _parse_number(raw, integer=kind == FieldKind.INTEGER)
        _check_range(field, value)
        return value
    if kind == FieldKind.BOOLEAN:
        return _parse_flag(raw)
    if kind == FieldKind.DATE:
        return _parse_date(raw)
    text = str(raw).strip()
    if kind == FieldKind.CHOICE:
        if text not in field.choice_list:
            raise ValidationError(_("Выберите один из вариантов списка."))
        return text
    if len(text) > MAX_TEXT:
        raise ValidationError(
            _("Не больше %(count)d символов (сейчас %(length)d).")
            % {"count": MAX_TEXT, "length": len(text)}
        )
    return text


def _parse_number(raw, *, integer):
    if isinstance(raw, bool):
        raise ValidationError(_("Введите число."))
    if isinstance(raw, (int, Decimal)):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(str(raw))
    else:
        text = "".join(str(raw).split()).replace("\u00a0", "").replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation as error:
            message = _("Введите целое число.") if integer else _("Введите число, например 12,5.")
            raise ValidationError(message) from error
    if not value.is_finite():
        raise ValidationError(_("Введите число."))
    if integer and value != value.to_integral_value():
        raise ValidationError(_("Введите целое число, без дробной части."))
    if abs(value) >= MAX_NUMBER:
        raise ValidationError(_("Слишком большое число."))
    if value.normalize().as_tuple().exponent < -NUMBER_DECIMALS:
        raise ValidationError(
            _("Не больше %(count)d знаков после запятой.") % {"count": NUMBER_DECIMALS}
        )
    return int(value) if integer else value


def _check_range(field, value):
    low, high = field.min_value, field.max_value
    if low is not None and value < low:
        raise ValidationError(
            _("Значение должно быть не меньше %(min)s.") % {"min": number_text(low)}
        )
    if high is not None and value > high:
        raise ValidationError(
            _("Значение должно быть не больше %(max)s.") % {"max": number_text(high)}
        )


def _parse_flag(raw):
    """The words of a spreadsheet's yes/no cell, and a checkbox's «on»."""
    try:
        return parse_bool(raw)
    except CellError as error:
        raise ValidationError(_("Выберите «да» или «нет».")) from error


def _parse_date(raw):
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("Введите дату в формате дд.мм.гггг."))


def parse_all(fields, raw_values, *, require=False):
    """{field id: typed value} for the fields present in `raw_values` (all fields when
    `require`), and {field id: message} of every value that is wrong or, when `require`, missing
    in a required field."""
    parsed, errors = {}, {}
    for field in fields:
        if field.pk not in raw_values and not require:
            continue
        try:
            value = parse(field, raw_values.get(field.pk))
        except ValidationError as error:
            errors[field.pk] = error.messages[0]
            continue
        if value is None and require and field.required:
            errors[field.pk] = _("Заполните обязательное поле.")
            continue
        parsed[field.pk] = value
    return parsed, errors


def stored(field, value):
    """The columns of an answer row that hold `value`."""
    columns = {"number": None, "text": "", "flag": None, "day": None}
    columns[SLOTS[field.kind]] = Decimal(value) if field.is_numeric else value
    return columns
