"""Filters of the deficit and result lists, and the form of the aggregate."""

from datetime import timedelta

import django_filters
from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.competences.models import Competence, CompetenceGroup
from profrost.core.dates import add_months, format_date
from profrost.core.filters import FilterSet, visible
from profrost.core.forms import DateInput
from profrost.core.roles import Perm
from profrost.core.search import search
from profrost.registry.filters import ALL, YesNoSelect
from profrost.registry.models import Municipality, Organization

from .. import selectors
from ..models import CompetenceLevel, DeficitStatus

LEVEL_BELOW = "below"
RESULT_LEVEL_CHOICES = [
    *CompetenceLevel.choices,
    (LEVEL_BELOW, _("Дефицит или частично сформирована")),
]


visible_municipalities = visible(Municipality, Perm.VIEW_DIAGNOSTICS)


visible_organizations = visible(Organization, Perm.VIEW_DIAGNOSTICS, ordering=("short_name",))


def active_competences(request=None):
    return Competence.objects.filter(is_active=True).select_related("group")


class DiagnosticsFilterBase(FilterSet):
    """What the deficit and the result lists share: where, which competence, which diagnostics."""

    municipality = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        label=_("Муниципалитет"),
        queryset=visible_municipalities,
        field_name="organization__municipality",
    )
    organization = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Организация"), queryset=visible_organizations
    )
    group = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        label=_("Группа компетенций"),
        queryset=CompetenceGroup.objects.all(),
        field_name="competence__group",
    )
    competence = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Компетенция"), queryset=active_competences
    )

    source_path = ""

    def filter_source(self, queryset, name, value):
        return search(queryset, value, [self.source_path]) if value.strip() else queryset


class DeficitFilter(DiagnosticsFilterBase):
    level = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Уровень"),
        choices=[c for c in CompetenceLevel.choices if c[0] != CompetenceLevel.PROFICIENT],
    )
    status = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Состояние"), choices=DeficitStatus.choices
    )
    found_from = django_filters.DateFilter(
        label=_("Выявлен с"), field_name="found_on", lookup_expr="gte", widget=DateInput
    )
    found_to = django_filters.DateFilter(
        label=_("Выявлен по"), field_name="found_on", lookup_expr="lte", widget=DateInput
    )
    source = django_filters.CharFilter(label=_("Диагностика"), method="filter_source")

    source_path = "found_by__source_title"


class SensitiveFilter(DiagnosticsFilterBase):
    found_from = django_filters.DateFilter(
        label=_("Выявлено с"), field_name="found_on", lookup_expr="gte", widget=DateInput
    )
    found_to = django_filters.DateFilter(
        label=_("Выявлено по"), field_name="found_on", lookup_expr="lte", widget=DateInput
    )


class ResultFilter(DiagnosticsFilterBase):
    level = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Уровень"), choices=RESULT_LEVEL_CHOICES, method="filter_level"
    )
    measured_from = django_filters.DateFilter(
        label=_("Дата с"), field_name="measured_on", lookup_expr="gte", widget=DateInput
    )
    measured_to = django_filters.DateFilter(
        label=_("Дата по"), field_name="measured_on", lookup_expr="lte", widget=DateInput
    )
    source = django_filters.CharFilter(label=_("Диагностика"), method="filter_source")
    latest = django_filters.BooleanFilter(
        widget=YesNoSelect,
        label=_("Только последний по компетенции"),
        method="filter_latest",
    )

    source_path = "source_title"

    def filter_level(self, queryset, name, value):
        if value == LEVEL_BELOW:
            return queryset.filter(level__in=selectors.LEVEL_SETS[selectors.LEVELS_BELOW])
        return queryset.filter(level=value) if value else queryset

    def filter_latest(self, queryset, name, value):
        """The latest result of each person's competence within the dates chosen."""
        if not value:
            return queryset
        data = self.form.cleaned_data
        return selectors.latest_results(
            queryset, data.get("measured_from"), data.get("measured_to")
        )


def default_period(today=None):
    """The last twelve months up to today."""
    today = today or timezone.localdate()
    return add_months(today, -12) + timedelta(days=1), today


class SummaryForm(forms.Form):
    """The filters of the aggregate; an invalid or empty form falls back to the defaults."""

    date_from = forms.DateField(label=_("Период с"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("по"), required=False, widget=DateInput)
    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"), queryset=Municipality.objects.none(), required=False
    )
    organization = forms.ModelChoiceField(
        label=_("Организация"), queryset=Organization.objects.none(), required=False
    )
    group = forms.ModelChoiceField(
        label=_("Группа компетенций"), queryset=CompetenceGroup.objects.all(), required=False
    )
    levels = forms.ChoiceField(
        label=_("Считать"),
        choices=[
            (selectors.LEVELS_DEFICIT, _("дефицит")),
            (selectors.LEVELS_BELOW, _("дефицит и частично")),
        ],
        required=False,
    )
    by = forms.ChoiceField(
        label=_("В разрезе"),
        choices=[
            (selectors.BY_ORGANIZATION, _("организаций")),
            (selectors.BY_MUNICIPALITY, _("муниципалитетов")),
        ],
        required=False,
    )

    def __init__(self, data=None, *, user, **kwargs):
        # The period shows in the fields even when the page opens with the default one.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        for name, day in zip(("date_from", "date_to"), default_period(), strict=True):
            if not data.get(name):
                data[name] = format_date(day)
        self.regional = selectors.sees_municipalities(user)
        if not data.get("by"):
            # The select shows the rows the page opens with: municipalities for the region.
            data["by"] = selectors.BY_MUNICIPALITY if self.regional else selectors.BY_ORGANIZATION
        super().__init__(data, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.visible_to(
            user, Perm.VIEW_DIAGNOSTICS
        )
        self.fields["organization"].queryset = Organization.objects.visible_to(
            user, Perm.VIEW_DIAGNOSTICS
        ).order_by("short_name")
        self.fields["municipality"].empty_label = ALL
        self.fields["organization"].empty_label = ALL
        self.fields["group"].empty_label = ALL
        if not self.regional:
            self.fields["by"].choices = self.fields["by"].choices[:1]
        for name in ("date_from", "date_to"):
            self.fields[name].error_messages["invalid"] = _("Введите дату в формате дд.мм.гггг.")

    def params(self):
        """The chosen filters with defaults for what is missing or invalid."""
        self.is_valid()  # cleaned_data keeps the fields that are valid
        data = self.cleaned_data
        start, end = default_period()
        date_from = data.get("date_from") or start
        date_to = data.get("date_to") or end
        if date_from > date_to:
            date_from, date_to = date_to, date_from
        return {
            "date_from": date_from,
            "date_to": date_to,
            "municipality": data.get("municipality"),
            "organization": data.get("organization"),
            "group": data.get("group"),
            "levels": data.get("levels") or selectors.LEVELS_DEFICIT,
            "by": data.get("by")
            or (selectors.BY_MUNICIPALITY if self.regional else selectors.BY_ORGANIZATION),
        }
