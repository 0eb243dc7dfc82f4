"""Filters of the competence framework page."""

import django_filters
from django.utils.translation import gettext_lazy as _

from profrost.core.filters import FilterSet
from profrost.registry.filters import ALL, YesNoSelect

from .models import Competence, CompetenceAudience, CompetenceGroup


class CompetenceFilter(FilterSet):
    group = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Группа"), queryset=CompetenceGroup.objects.all()
    )
    audience = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Для кого"),
        choices=CompetenceAudience.choices,
        field_name="group__audience",
    )
    is_active = django_filters.BooleanFilter(widget=YesNoSelect, label=_("Используется"))
    measured = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Есть в инструментах"), method="filter_measured"
    )

    class Meta:
        model = Competence
        fields = ["group", "audience", "is_active", "measured"]

    def filter_measured(self, queryset, name, value):
        """Measured by an item of an instrument the user sees; the view annotates the count."""
        if value is None:
            return queryset
        return (
            queryset.filter(instrument_count__gt=0)
            if value
            else queryset.filter(instrument_count=0)
        )
