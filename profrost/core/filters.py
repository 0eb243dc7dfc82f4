"""Filters every app's filter sets share."""

import re

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .forms import DATE_ERROR, DateInput
from .roles import Perm

# The database keeps whole numbers in 64 bits. A bigger number in a filter reached it and failed
# there (SQLite: OverflowError, PostgreSQL: out of range), a 500; held here, it is a 400.
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
NUMBER_RANGE_ERROR = _("Число вне допустимых пределов: не больше 19 цифр.")
NUMBER_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)
PLACEHOLDER = re.compile(r"%\(\w+\)s")


class FilterSet(django_filters.FilterSet):
    """The base of every filter set of the project, the API's too: numbers are held to the range
    the database keeps (`tests/api/test_filter_bounds.py` walks every list endpoint); every date
    gets the date picker."""

    def get_form_class(self):
        form_class = super().get_form_class()
        for field in form_class.base_fields.values():
            if isinstance(field, NUMBER_FIELDS):
                bound_number(field)
            if isinstance(field, forms.DateField) and not isinstance(field.widget, DateInput):
                field.widget = DateInput()
        return form_class


def bound_number(field):
    """Refuse a number outside the 64-bit range with a Russian message (once per field)."""
    if any(
        isinstance(v, MaxValueValidator) and v.limit_value == BIGINT_MAX for v in field.validators
    ):
        return
    field.validators += [
        MinValueValidator(BIGINT_MIN, message=NUMBER_RANGE_ERROR),
        MaxValueValidator(BIGINT_MAX, message=NUMBER_RANGE_ERROR),
    ]


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


def action_choices():
    """The audit codes that have a name, by name (apps name theirs in ready()); a name's
    placeholders for the entry's data are left out («Выдана роль»)."""
    from .audit_labels import LABELS

    names = ((code, PLACEHOLDER.sub("", str(name)).rstrip(": ")) for code, name in LABELS.items())
    return sorted(names, key=lambda choice: choice[1])


class AuditFilter(FilterSet):
    """The journal by person (the row of a person, or an action about them), actor, action and
    date."""

    person = django_filters.NumberFilter(label=_("Работник"), method="about_person")
    actor = django_filters.CharFilter(label=_("Кто"), method="by_actor")
    action = django_filters.ChoiceFilter(label=_("Действие"), choices=action_choices)
    date_from = date_filter(_("С даты"), field_name="created__date", lookup_expr="gte")
    date_to = date_filter(_("По дату"), field_name="created__date", lookup_expr="lte")

    def about_person(self, queryset, name, value):
        pk = int(value)
        return queryset.filter(
            Q(object_type="registry.person", object_id=str(pk)) | Q(data__person=pk)
        )

    def by_actor(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(actor__username__icontains=value)
            | Q(actor__last_name__icontains=value)
            | Q(actor__first_name__icontains=value)
        )
