from decimal import Decimal

from django import template

from profrost.core.text import plural_form
from profrost.staffing.models import hours_text

register = template.Library()

HOUR_FORMS = ("час", "часа", "часов")


@register.filter
def hours(value):
    """{{ row.hours|hours }}: 18.0 → «18», 4.5 → «4,5»."""
    return hours_text(value) or "0"


@register.filter
def hours_word(value):
    """«час», «часа» or «часов» after the number; a fraction takes the genitive singular."""
    value = Decimal(value or 0)
    return plural_form(value, HOUR_FORMS) if value == value.to_integral() else HOUR_FORMS[1]


@register.filter
def hours_phrase(value):
    """18 → «18 часов», 1 → «1 час», 4.5 → «4,5 часа»."""
    return f"{hours(value)} {hours_word(value)}"
