"""Filter sets of the achievements lists; the HTML pages and the API use the same ones."""

import django_filters
from django.db.models import Q
from django.forms import HiddenInput
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.filters import FilterSet
from profrost.core.search import Folded, fold
from profrost.registry.filters import (
    ALL,
    IdChoiceFilter,
    YesNoSelect,
    visible_municipalities,
    visible_organizations,
)
from profrost.registry.models import Employment, Person
from profrost.registry.selectors import young_filter

from . import models, selectors


def year_choices():
    last = timezone.localdate().year + 1
    return [(str(year), str(year)) for year in range(last, models.FIRST_YEAR - 1, -1)]


def young_people():
    return Person.objects.filter(young_filter(timezone.localdate())).values("pk")


class YoungFilterMixin:
    def filter_young(self, queryset, name, value):
        if value is None:
            return queryset
        query = Q(person__in=young_people())
        return queryset.filter(query) if value else queryset.exclude(query)


class CompetitionFilter(FilterSet):
    level = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Уровень"), choices=models.Level.choices
    )
    year = django_filters.ChoiceFilter(empty_label=ALL, label=_("Год"), choices=year_choices)
    municipality = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Муниципалитет"), queryset=visible_municipalities
    )

    class Meta:
        model = models.Competition
        fields = ["level", "year", "municipality"]


class ParticipationFilter(YoungFilterMixin, FilterSet):
    level = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Уровень"),
        choices=models.Level.choices,
        field_name="competition__level",
    )
    year = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Год"), choices=year_choices, field_name="competition__year"
    )
    result = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Результат"), choices=models.Result.choices
    )
    awarded = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Победители, призёры, лауреаты"), method="filter_awarded"
    )
    municipality = IdChoiceFilter(
        empty_label=ALL,
        label=_("Муниципалитет"),
        queryset=visible_municipalities,
        field_name="organization__municipality",
    )
    organization = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Организация"), queryset=visible_organizations
    )
    young = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Молодые специалисты"), method="filter_young"
    )
    competition = django_filters.NumberFilter(
        label=_("Конкурс"), field_name="competition_id", widget=HiddenInput
    )
    person = django_filters.NumberFilter(
        label=_("Работник"), field_name="person_id", widget=HiddenInput
    )

    class Meta:
        model = models.CompetitionParticipation
        fields = ["level", "year", "result", "municipality", "organization", "young"]

    def filter_awarded(self, queryset, name, value):
        if value is None:
            return queryset
        query = Q(result__in=models.AWARDED)
        return queryset.filter(query) if value else queryset.exclude(query)


class PublicationFilter(YoungFilterMixin, FilterSet):
    level = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Уровень"), choices=models.PublicationLevel.choices
    )
    kind = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Вид"), choices=models.PublicationKind.choices
    )
    year = django_filters.ChoiceFilter(empty_label=ALL, label=_("Год"), choices=year_choices)
    municipality = IdChoiceFilter(
        empty_label=ALL,
        label=_("Муниципалитет"),
        queryset=visible_municipalities,
        field_name="organization__municipality",
    )
    organization = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Организация"), queryset=visible_organizations
    )
    young = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Молодые специалисты"), method="filter_young"
    )
    person = django_filters.NumberFilter(
        label=_("Работник"), field_name="person_id", widget=HiddenInput
    )

    class Meta:
        model = models.Publication
        fields = ["level", "kind", "year", "municipality", "organization", "young"]


def current_activity(on=None):
    on = on or timezone.localdate()
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))


class ExpertActivityFilter(FilterSet):
    """Rows of expert activity (the API's database of experts)."""

    kind = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Вид"), choices=models.ExpertKind.choices
    )
    level = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Уровень"), choices=models.Level.choices
    )
    direction = django_filters.CharFilter(label=_("Направление"), method="filter_direction")
    current = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Действующие"), method="filter_current"
    )
    municipality = IdChoiceFilter(
        empty_label=ALL,
        label=_("Муниципалитет"),
        queryset=visible_municipalities,
        field_name="organization__municipality",
    )
    organization = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Организация"), queryset=visible_organizations
    )
    person = django_filters.NumberFilter(
        label=_("Работник"), field_name="person_id", widget=HiddenInput
    )

    class Meta:
        model = models.ExpertActivity
        fields = ["kind", "level", "direction", "current", "municipality", "organization"]

    def filter_direction(self, queryset, name, value):
        text = fold(" ".join(value.split()))
        if not text:
            return queryset
        return queryset.alias(folded_direction=Folded("direction")).filter(folded_direction=text)

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(current_activity()) if value else queryset.exclude(current_activity())
        )


class ExpertFilter(FilterSet):
    """People with expert activity. The activity conditions hold for one and the same activity:
    «жюри» and «математика» find a jury member in mathematics, not a jury member in physics who
    also sits on a commission in mathematics."""

    ACTIVITY_FILTERS = ("direction", "kind", "level", "current")

    direction = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Направление"), choices=[], method="collected"
    )
    kind = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Вид"), choices=models.ExpertKind.choices, method="collected"
    )
    level = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Уровень"), choices=models.Level.choices, method="collected"
    )
    current = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Действующие"), method="collected"
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

    class Meta:
        model = models.Expert
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        self.filters["direction"].extra["choices"] = [
            (direction, direction) for direction in selectors.directions(user)
        ]

    def collected(self, queryset, name, value):
        # Applied together in filter_queryset.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        query = Q()
        for name in ("direction", "kind", "level"):
            if data.get(name):
                query &= Q(**{name: data[name]})
        if data.get("current") is not None:
            query &= current_activity() if data["current"] else ~current_activity()
        if query:
            activities = models.ExpertActivity.objects.filter(query)
            queryset = queryset.filter(pk__in=activities.values("person_id"))
        return queryset

    def _employed(self, queryset, **lookups):
        jobs = Employment.objects.active().filter(**lookups)
        return queryset.filter(pk__in=jobs.values("person_id"))

    def filter_municipality(self, queryset, name, value):
        return self._employed(queryset, organization__municipality=value) if value else queryset

    def filter_organization(self, queryset, name, value):
        return self._employed(queryset, organization=value) if value else queryset
