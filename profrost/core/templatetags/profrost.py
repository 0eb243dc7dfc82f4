from django import forms, template

from profrost.core import text
from profrost.core.importers import place_text
from profrost.core.text import plural_form

register = template.Library()


@register.filter
def ru_plural(number, forms):
    """{{ n|ru_plural:"запись,записи,записей" }}"""
    return plural_form(number or 0, forms.split(","))


@register.filter
def grouped(number):
    """{{ n|grouped }}: «100 074», the thousands apart (never for ids or years)."""
    return text.grouped(number) if number is not None else ""


@register.simple_tag
def cell(column, obj):
    return column.display(obj)


@register.simple_tag
def link_for(column, obj):
    return obj.get_absolute_url() if column.link and hasattr(obj, "get_absolute_url") else ""


@register.simple_tag
def query_with(query_string, **changes):
    from django.http import QueryDict

    query = QueryDict(query_string, mutable=True)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode() if query else "?"


@register.simple_tag
def sort_link(query_string, current, field):
    direction = f"-{field}" if current == field else field
    return query_with(query_string, sort=direction)


@register.filter
def field_css(bound_field):
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        base = "form-check-input"
    elif isinstance(widget, forms.Select):
        base = "form-select"
    else:
        base = "form-control"
    if bound_field.errors:
        base += " is-invalid"
    return bound_field.as_widget(attrs={"class": base})


@register.filter
def import_place(kept):
    return place_text(kept)
