"""Filter sets of the methodical asset; the pages and the API use the same ones."""

import django_filters
from django.db.models import F
from django.forms import HiddenInput
from django.utils.translation import gettext_lazy as _

from profrost.core.filters import FilterSet
from profrost.registry.filters import (
    ALL,
    IdChoiceFilter,
    YesNoSelect,
    visible_municipalities,
    visible_organizations,
)
from profrost.registry.models import Person, Subject

from . import selectors
from .models import Methodist, MethodistAssignment

REGION_WIDE = _("Весь регион (без муниципалитета)")


STATE_CHOICES = (("active", _("В активе")), ("excluded", _("Исключены")))


class MethodistFilter(FilterSet):
    municipality = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        null_label=REGION_WIDE,
        label=_("Муниципалитет"),
        queryset=visible_municipalities,
    )
    subject = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        label=_("Предмет"),
        field_name="subjects",
        queryset=Subject.objects.all(),
    )
    state = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Состояние"), choices=STATE_CHOICES, method="filter_state"
    )
    overloaded = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Сверх нормы"), method="filter_overloaded"
    )

    class Meta:
        model = Methodist
        fields = ["municipality", "subject", "state", "overloaded"]

    def filter_state(self, queryset, name, value):
        if value == "active":
            return queryset.filter(excluded_on__isnull=True)
        if value == "excluded":
            return queryset.filter(excluded_on__isnull=False)
        return queryset

    def filter_overloaded(self, queryset, name, value):
        if value is None:
            return queryset
        if "load" not in queryset.query.annotations:
            queryset = selectors.with_load(queryset)
        over = queryset.filter(load__gt=F("load_cap"))
        return over if value else queryset.exclude(pk__in=over.values("pk"))


class UnassignedFilter(FilterSet):
    """Filters of the teachers without a methodist: where they work and what they teach."""

    municipality = IdChoiceFilter(
        empty_label=ALL,
        label=_("Муниципалитет"),
        queryset=visible_municipalities,
        method="filter_municipality",
    )
    organization = IdChoiceFilter(
        empty_label=ALL,
        label=_("Организация"),
        queryset=visible_organizations,
        method="filter_organization",
    )
    subject = IdChoiceFilter(
        empty_label=ALL,
        label=_("Предмет"),
        queryset=Subject.objects.all(),
        method="filter_subject",
    )

    class Meta:
        model = Person
        fields = []

    def _teaching(self, queryset, **lookups):
        jobs = selectors.teaching_jobs().filter(**lookups)
        return queryset.filter(pk__in=jobs.values("person_id"))

    def filter_municipality(self, queryset, name, value):
        return self._teaching(queryset, organization__municipality=value) if value else queryset

    def filter_organization(self, queryset, name, value):
        return self._teaching(queryset, organization=value) if value else queryset

    def filter_subject(self, queryset, name, value):
        return self._teaching(queryset, subjects=value) if value else queryset


class AssignmentFilter(FilterSet):
    methodist = django_filters.NumberFilter(
        label=_("Методист"), field_name="methodist_id", widget=HiddenInput
    )
    person = django_filters.NumberFilter(
        label=_("Педагог"), field_name="person_id", widget=HiddenInput
    )
    active = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Действующие"), field_name="ends_on", lookup_expr="isnull"
    )

    class Meta:
        model = MethodistAssignment
        fields = ["methodist", "person", "active"]
