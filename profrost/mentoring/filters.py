"""Filter sets of the mentoring lists; the HTML pages and the API use the same ones."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profrost.core.filters import FilterSet, visible
from profrost.core.roles import Perm
from profrost.registry.filters import (
    ALL,
    IdChoiceFilter,
    YesNoSelect,
    visible_municipalities,
    visible_organizations,
)
from profrost.registry.models import Person

from . import selectors
from .models import (
    MentoringMeeting,
    MentoringPair,
    MentoringProgram,
    PairKind,
    PairStatus,
    ProgramLevel,
    ProgramStatus,
)

visible_programs = visible(MentoringProgram, Perm.VIEW_NETWORK, ordering=("-starts_on", "title"))


class ProgramFilter(FilterSet):
    level = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Уровень"), choices=ProgramLevel.choices
    )
    status = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Статус"),
        choices=ProgramStatus.choices,
        method="filter_status",
    )
    municipality = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Муниципалитет"), queryset=visible_municipalities
    )
    organization = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Организация"), queryset=visible_organizations
    )

    class Meta:
        model = MentoringProgram
        fields = ["level", "status", "municipality", "organization"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(selectors.program_status_q(value)) if value else queryset


class PairFilter(FilterSet):
    municipality = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        label=_("Муниципалитет"),
        queryset=visible_municipalities,
        field_name="organization__municipality",
    )
    organization = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Организация"), queryset=visible_organizations
    )
    kind = django_filters.ChoiceFilter(empty_label=ALL, label=_("Форма"), choices=PairKind.choices)
    status = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Состояние"), choices=PairStatus.choices
    )
    program = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Программа"), queryset=visible_programs
    )
    young = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Молодой наставляемый"), method="filter_young"
    )

    class Meta:
        model = MentoringPair
        fields = ["municipality", "organization", "kind", "status", "program", "young"]

    def filter_young(self, queryset, name, value):
        if value is None:
            return queryset
        query = Q(mentee__in=Person.objects.young_specialists().values("pk"))
        return queryset.filter(query) if value else queryset.exclude(query)


class YoungFilter(FilterSet):
    """The young specialists without a mentor, by the place of their current teaching job."""

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

    class Meta:
        model = Person
        fields = []

    def _teaching(self, queryset, **lookups):
        jobs = selectors.teaching_jobs(self.request.user).filter(**lookups)
        return queryset.filter(pk__in=jobs.values("person_id"))

    def filter_municipality(self, queryset, name, value):
        return self._teaching(queryset, organization__municipality=value) if value else queryset

    def filter_organization(self, queryset, name, value):
        return self._teaching(queryset, organization=value) if value else queryset


class MeetingFilter(FilterSet):
    pair = django_filters.NumberFilter(label=_("Наставническая пара"), field_name="pair_id")

    class Meta:
        model = MentoringMeeting
        fields = ["pair"]
