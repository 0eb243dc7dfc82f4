"""Filter sets of the programs lists; the pages and the API use the same ones."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from profrost.competences.models import Competence
from profrost.core.filters import FilterSet, visible
from profrost.core.roles import Perm
from profrost.core.search import search
from profrost.registry.filters import (
    ALL,
    IdChoiceFilter,
    YesNoSelect,
    visible_municipalities,
    visible_organizations,
)
from profrost.registry.models import Employment, Organization, Person

from . import selectors
from .models import (
    Cohort,
    Enrollment,
    EnrollmentStatus,
    Program,
    ProgramCompetence,
    ProgramKind,
    RequestStatus,
    StudyForm,
    TrainingRequest,
)

visible_programs = visible(Program, Perm.VIEW_PROGRAMS, ordering=("title",))


def visible_cohorts(request):
    if request is None:
        return Cohort.objects.none()
    cohorts = Cohort.objects.visible_to(request.user, Perm.VIEW_PROGRAMS)
    return cohorts.select_related("program").order_by("-starts_on", "pk")


def program_providers(request):
    """Organizations that provide programs of the catalogue the user sees."""
    if request is None:
        return Organization.objects.none()
    programs = visible_programs(request).exclude(provider=None).values("provider")
    return Organization.objects.filter(pk__in=programs).order_by("short_name")


def competences(request):
    return Competence.objects.select_related("group").order_by("group__order", "order", "code")


class ProgramFilter(FilterSet):
    competence = IdChoiceFilter(
        empty_label=ALL,
        label=_("Компетенция"),
        queryset=competences,
        method="filter_competence",
    )
    kind = django_filters.ChoiceFilter(empty_label=ALL, label=_("Вид"), choices=ProgramKind.choices)
    form = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Форма обучения"), choices=StudyForm.choices
    )
    hours_from = django_filters.NumberFilter(
        label=_("Часов от"), field_name="hours", lookup_expr="gte"
    )
    hours_to = django_filters.NumberFilter(
        label=_("Часов до"), field_name="hours", lookup_expr="lte"
    )
    registry = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("В Федеральном реестре"), field_name="federal_registry"
    )
    soon = django_filters.BooleanFilter(
        widget=YesNoSelect,
        label=_("Поток в ближайшие 60 дней"),
        method="filter_soon",
    )
    provider = IdChoiceFilter(
        empty_label=ALL,
        label=_("Провайдер"),
        queryset=program_providers,
        method="filter_provider",
    )
    active = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Действует"), field_name="is_active"
    )

    class Meta:
        model = Program
        fields = []

    def filter_competence(self, queryset, name, value):
        if not value:
            return queryset
        links = ProgramCompetence.objects.filter(program=OuterRef("pk"), competence=value)
        return queryset.filter(Exists(links))

    def filter_soon(self, queryset, name, value):
        if value is None:
            return queryset
        soon = selectors.has_cohort_soon()
        return queryset.filter(soon) if value else queryset.exclude(soon)

    def filter_provider(self, queryset, name, value):
        return queryset.filter(provider=value) if value else queryset


class EnrollmentFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Статус"), choices=EnrollmentStatus.choices
    )
    program = IdChoiceFilter(
        empty_label=ALL,
        label=_("Программа"),
        queryset=visible_programs,
        method="filter_program",
    )
    cohort = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Поток"), queryset=visible_cohorts
    )
    municipality = IdChoiceFilter(
        empty_label=ALL,
        label=_("Муниципалитет"),
        queryset=visible_municipalities,
        method="filter_municipality",
    )
    organization = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Организация"), queryset=visible_organizations
    )

    class Meta:
        model = Enrollment
        fields = []

    def filter_program(self, queryset, name, value):
        return queryset.filter(cohort__program=value) if value else queryset

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(organization__municipality=value) if value else queryset


class RequestFilter(FilterSet):
    year = django_filters.NumberFilter(label=_("Год обучения"))
    status = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Статус"), choices=RequestStatus.choices
    )
    municipality = IdChoiceFilter(
        empty_label=ALL,
        label=_("Муниципалитет"),
        queryset=visible_municipalities,
        method="filter_municipality",
    )
    organization = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Организация"), queryset=visible_organizations
    )
    direction = django_filters.CharFilter(label=_("Направление"), method="filter_direction")
    collective = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("От коллектива"), method="filter_collective"
    )

    class Meta:
        model = TrainingRequest
        fields = []

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(organization__municipality=value) if value else queryset

    def filter_direction(self, queryset, name, value):
        return search(queryset, value, ["direction"]) if value else queryset

    def filter_collective(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(person__isnull=value)


class NoTrainingFilter(FilterSet):
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
    never = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Сведений об обучении нет"), method="filter_never"
    )

    class Meta:
        model = Person
        fields = []

    def _working(self, queryset, **lookups):
        jobs = Employment.objects.active().filter(**lookups)
        return queryset.filter(pk__in=jobs.values("person_id"))

    def filter_municipality(self, queryset, name, value):
        return self._working(queryset, organization__municipality=value) if value else queryset

    def filter_organization(self, queryset, name, value):
        return self._working(queryset, organization=value) if value else queryset

    def filter_never(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(last_training_on__isnull=value)
