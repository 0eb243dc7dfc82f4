from django import template

from profrost.datarequests import values

register = template.Library()


@register.simple_tag
def answer_text(field, value):
    """A typed answer as a person reads it: «12,5», «да», «01.09.2025»."""
    return values.display(field, value)


@register.simple_tag
def number(value):
    return values.number_text(value)
