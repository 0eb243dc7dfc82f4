"""Filters every app's filter sets share."""

import django_filters

from .forms import DATE_ERROR, DateInput


def date_filter(label, **kwargs):
    """A filter's date typed as дд.мм.гггг, with the Russian message for a wrong one."""
    return django_filters.DateFilter(
        label=label, widget=DateInput(), error_messages={"invalid": DATE_ERROR}, **kwargs
    )
