"""Column declarations shared by the HTML table of a list page and its XLSX export."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property

from django.utils import timezone
from django.utils.formats import date_format

PLAIN = (str, int, float, Decimal, date)


@dataclass(frozen=True)
class Column:
    accessor: str
    header: str
    link: bool = False
    order_by: str = ""
    html: bool = True
    xlsx: bool = True

    @cached_property
    def parts(self):
        return self.accessor.split(".")

    def value(self, obj):
        target = obj
        for part in self.parts:
            if target is None:
                return None
            target = getattr(target, part)
            if callable(target) and not hasattr(target, "all"):
                target = target()
        # Plain values first: asking a string for `all` costs an exception, per cell of an export.
        if target is None or isinstance(target, PLAIN):
            return target
        if hasattr(target, "all"):
            return ", ".join(str(item) for item in target.all())
        return target

    def display(self, obj):
        value = self.value(obj)
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return "да" if value else "нет"
        if isinstance(value, datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return date_format(value, "SHORT_DATETIME_FORMAT")
        if isinstance(value, date):
            return date_format(value, "SHORT_DATE_FORMAT")
        return value


def display_fields(obj, names):
    """(label, value) pairs of model fields for a detail page, choice labels resolved."""
    pairs = []
    for name in names:
        field = obj._meta.get_field(name)
        display = getattr(obj, f"get_{name}_display", None)
        value = display() if display else getattr(obj, name)
        pairs.append((field.verbose_name, Column(name, "").display(obj) if not display else value))
    return pairs
