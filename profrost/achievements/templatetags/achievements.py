from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html

register = template.Library()


@register.filter
def cell_value(value):
    """A portfolio cell: dates as дд.мм.гггг, numbers with a decimal comma, links clickable."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.1f}".replace(".", ",")
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', value, value)
    return value
