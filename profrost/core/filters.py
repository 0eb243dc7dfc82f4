"""Filters every app's filter sets share."""

import django_filters

from .forms import DATE_ERROR, DateInput
from .roles import Perm


def date_filter(label, **kwargs):
    """A filter's date typed as дд.мм.гггг, with the Russian message for a wrong one."""
    return django_filters.DateFilter(
        label=label, widget=DateInput(), error_messages={"invalid": DATE_ERROR}, **kwargs
    )


def visible(model, perm=Perm.VIEW_REGISTRY, ordering=()):
    """A filter's choices: the rows of `model` the requesting user sees with `perm` (none when
    the filter set has no request, as in the API schema)."""

    def choices(request):
        if request is None:
            return model.objects.none()
        rows = model.objects.visible_to(request.user, perm)
        return rows.order_by(*ordering) if ordering else rows

    return choices
