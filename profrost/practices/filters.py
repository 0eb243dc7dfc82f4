"""Filter sets of the app's lists; the HTML pages and the API use the same ones."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profrost.competences.models import Competence
from profrost.core.filters import FilterSet, visible
from profrost.core.forms import DateInput
from profrost.registry.filters import ALL, IdChoiceFilter
from profrost.registry.models import (
    Municipality,
    Organization,
    OrganizationStatusKind,
    Region,
    Subject,
)

from .models import (
    PUBLISHED,
    Document,
    DocumentKind,
    DocumentLevel,
    InnovationLevel,
    InnovationProject,
    InnovationStatus,
    Practice,
    PracticeKind,
    PracticeLevel,
    PracticeStatus,
)

visible_municipalities = visible(Municipality)


visible_organizations = visible(Organization)


def _m2m(queryset, relation, value):
    """Rows linked to `value` through a many-to-many relation, without duplicate rows."""
    if not value:
        return queryset
    through = getattr(Practice, relation).through
    column = f"{relation[:-1]}_id"
    linked = through.objects.filter(**{column: value.pk}).values("practice_id")
    return queryset.filter(pk__in=linked)


class PracticeFilterBase(FilterSet):
    kind = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Вид"), choices=PracticeKind.choices
    )
    level = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Уровень"), choices=PracticeLevel.choices
    )
    subject = IdChoiceFilter(
        empty_label=ALL,
        label=_("Предмет"),
        queryset=Subject.objects.all(),
        method="filter_subject",
    )
    competence = IdChoiceFilter(
        empty_label=ALL,
        label=_("Компетенция"),
        queryset=Competence.objects.filter(is_active=True),
        method="filter_competence",
    )

    def filter_subject(self, queryset, name, value):
        return _m2m(queryset, "subjects", value)

    def filter_competence(self, queryset, name, value):
        return _m2m(queryset, "competences", value)


class PracticeFilter(PracticeFilterBase):
    status = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Статус"), choices=PracticeStatus.choices
    )
    municipality = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Муниципалитет"), queryset=visible_municipalities
    )
    organization = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Организация"), queryset=visible_organizations
    )

    class Meta:
        model = Practice
        fields = ["status", "kind", "level", "municipality", "organization"]


def published_regions(request):
    return Region.objects.filter(pk__in=Practice.objects.published().values("region_id"))


def published_municipalities(request):
    return Municipality.objects.filter(
        pk__in=Practice.objects.published().values("municipality_id")
    )


class PublicPracticeFilter(PracticeFilterBase):
    """The public bank: only the places that have published practices are offered."""

    status = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Статус"),
        choices=[(value, label) for value, label in PracticeStatus.choices if value in PUBLISHED],
    )
    region = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Регион"), queryset=published_regions
    )
    municipality = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Муниципалитет"), queryset=published_municipalities
    )

    class Meta:
        model = Practice
        fields = ["kind", "level", "status", "region", "municipality"]


class ProjectFilter(FilterSet):
    site_kind = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Статус площадки"), choices=OrganizationStatusKind.choices
    )
    level = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Уровень"), choices=InnovationLevel.choices
    )
    status = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Состояние"), choices=InnovationStatus.choices
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
    active_on = django_filters.DateFilter(label=_("Действует на дату"), method="filter_active_on")

    class Meta:
        model = InnovationProject
        fields = ["site_kind", "level", "status", "municipality", "organization"]

    def filter_active_on(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(starts_on__lte=value, ends_on__gte=value).exclude(
            status=InnovationStatus.TERMINATED
        )


class DocumentFilter(FilterSet):
    kind = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Вид"), choices=DocumentKind.choices
    )
    level = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Уровень"), choices=DocumentLevel.choices
    )
    municipality = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Муниципалитет"), queryset=visible_municipalities
    )
    organization = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Организация"), queryset=visible_organizations
    )
    in_force_on = django_filters.DateFilter(
        label=_("Действует на дату"), method="filter_in_force_on", widget=DateInput
    )

    class Meta:
        model = Document
        fields = ["kind", "level", "municipality", "organization"]

    def filter_in_force_on(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(valid_from__lte=value), Q(valid_to__isnull=True) | Q(valid_to__gte=value)
        )
