"""The filter set of the route list; the page and the API use the same one."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.filters import FilterSet
from profrost.registry.filters import (
    ALL,
    IdChoiceFilter,
    YesNoSelect,
    visible_municipalities,
    visible_organizations,
)
from profrost.registry.models import Employment, Person

from . import selectors
from .models import Route, RouteStatus


def visible_tutors(request):
    if request is None:
        return Person.objects.none()
    tutors = selectors.routes_visible_to(request.user).values("tutor")
    return Person.objects.filter(pk__in=tutors).order_by("last_name", "first_name")


class RouteFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Статус"), choices=RouteStatus.choices
    )
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
    tutor = IdChoiceFilter(
        empty_label=ALL, label=_("Тьютор"), queryset=visible_tutors, method="filter_tutor"
    )
    overdue = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Просрочены контрольные точки"), method="filter_overdue"
    )

    class Meta:
        model = Route
        fields = ["status"]

    def _employed(self, queryset, **lookups):
        jobs = Employment.objects.active().filter(**lookups)
        return queryset.filter(person__in=jobs.values("person_id"))

    def filter_municipality(self, queryset, name, value):
        return self._employed(queryset, organization__municipality=value) if value else queryset

    def filter_organization(self, queryset, name, value):
        return self._employed(queryset, organization=value) if value else queryset

    def filter_tutor(self, queryset, name, value):
        return queryset.filter(tutor=value) if value else queryset

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = selectors.overdue_checkpoints(timezone.localdate()).filter(
            item__route__status__in=selectors.RUNNING
        )
        routes = overdue.values("item__route")
        return queryset.filter(pk__in=routes) if value else queryset.exclude(pk__in=routes)
