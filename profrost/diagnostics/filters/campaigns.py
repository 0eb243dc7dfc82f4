"""The filter set of the campaign list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from profrost.core.filters import FilterSet, visible
from profrost.core.roles import Perm
from profrost.registry.filters import ALL, visible_municipalities

from .. import selectors
from ..models import Campaign, CampaignLevel, CampaignStatus, Instrument

visible_instruments = visible(Instrument, Perm.VIEW_DIAGNOSTICS)


class CampaignFilter(FilterSet):
    level = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Уровень"), choices=CampaignLevel.choices
    )
    status = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Статус"),
        choices=CampaignStatus.choices,
        method="filter_status",
    )
    instrument = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Инструмент"), queryset=visible_instruments
    )
    municipality = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Муниципалитет"), queryset=visible_municipalities
    )

    class Meta:
        model = Campaign
        fields = ["level", "status", "instrument", "municipality"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(selectors.status_q(value)) if value else queryset
