"""Filters of the instrument list."""

import django_filters
from django.db import models
from django.utils.translation import gettext_lazy as _

from profrost.core.filters import FilterSet
from profrost.registry.filters import ALL

from ..models import Instrument, InstrumentKind, InstrumentStatus


class InstrumentOwner(models.TextChoices):
    SHIPPED = "shipped", _("Из поставки")
    REGIONAL = "regional", _("Региональные")


class InstrumentFilter(FilterSet):
    kind = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Вид"), choices=InstrumentKind.choices
    )
    status = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Статус"), choices=InstrumentStatus.choices
    )
    owner = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Чьи"), choices=InstrumentOwner.choices, method="filter_owner"
    )

    class Meta:
        model = Instrument
        fields = ["kind", "status", "owner"]

    def filter_owner(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(region__isnull=value == InstrumentOwner.SHIPPED)
