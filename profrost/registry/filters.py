"""Filter sets of the registry lists; the HTML pages and the API use the same ones."""

import django_filters
from django.db.models import Q
from django.forms import HiddenInput, Select
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from profrost.core.filters import FilterSet, visible

from . import models
from .selectors import young_filter

ALL = _("Все")


class YesNoSelect(Select):
    """«Все / да / нет» instead of Django's «Неизвестно / Да / Нет»."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", ALL), ("true", _("да")), ("false", _("нет"))])


@extend_schema_field(OpenApiTypes.INT)
class IdChoiceFilter(django_filters.ModelChoiceFilter):
    """Chooses a row by id and filters through a method; the API schema calls it an integer."""


visible_municipalities = visible(models.Municipality)


visible_organizations = visible(models.Organization)


class MunicipalityFilter(FilterSet):
    class Meta:
        model = models.Municipality
        fields = ["region"]


class OrganizationFilter(FilterSet):
    municipality = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Муниципалитет"), queryset=visible_municipalities
    )
    kind = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Тип"), choices=models.OrganizationKind.choices
    )
    low_results = django_filters.BooleanFilter(widget=YesNoSelect, label=_("ШНОР"))
    unfavourable_conditions = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Неблагоприятные условия")
    )
    inn = django_filters.CharFilter(label=_("ИНН"))

    class Meta:
        model = models.Organization
        fields = ["municipality", "kind", "low_results", "unfavourable_conditions", "inn"]


class PersonFilter(FilterSet):
    organization = IdChoiceFilter(
        empty_label=ALL,
        label=_("Организация"),
        queryset=visible_organizations,
        method="filter_organization",
    )
    municipality = IdChoiceFilter(
        empty_label=ALL,
        label=_("Муниципалитет"),
        queryset=visible_municipalities,
        method="filter_municipality",
    )
    position = IdChoiceFilter(
        empty_label=ALL,
        label=_("Должность"),
        queryset=models.Position.objects.all(),
        method="filter_position",
    )
    subject = IdChoiceFilter(
        empty_label=ALL,
        label=_("Предмет"),
        queryset=models.Subject.objects.all(),
        method="filter_subject",
    )
    category = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Категория"),
        choices=models.AttestationCategory.choices,
        method="filter_category",
    )
    young = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Молодой специалист"), method="filter_young"
    )
    management = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Руководитель"), method="filter_management"
    )
    snils = django_filters.CharFilter(label=_("СНИЛС"), method="filter_snils")
    consent_state = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Согласие на обработку ПДн"),
        choices=models.ConsentState.choices,
    )

    class Meta:
        model = models.Person
        fields = []

    def _employed(self, queryset, **lookups):
        employments = models.Employment.objects.active().filter(**lookups)
        return queryset.filter(pk__in=employments.values("person_id"))

    def filter_organization(self, queryset, name, value):
        return self._employed(queryset, organization=value) if value else queryset

    def filter_municipality(self, queryset, name, value):
        return self._employed(queryset, organization__municipality=value) if value else queryset

    def filter_position(self, queryset, name, value):
        return self._employed(queryset, position=value) if value else queryset

    def filter_subject(self, queryset, name, value):
        return self._employed(queryset, subjects=value) if value else queryset

    def filter_management(self, queryset, name, value):
        if value is None:
            return queryset
        managers = models.Employment.objects.active().filter(
            position__category=models.PositionCategory.MANAGEMENT
        )
        query = Q(pk__in=managers.values("person_id"))
        return queryset.filter(query) if value else queryset.exclude(query)

    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        holders = models.Attestation.objects.in_force().filter(category=value)
        return queryset.filter(pk__in=holders.values("person_id"))

    def filter_young(self, queryset, name, value):
        if value is None:
            return queryset
        query = young_filter(timezone.localdate())
        return queryset.filter(query) if value else queryset.exclude(query)

    def filter_snils(self, queryset, name, value):
        digits = "".join(ch for ch in value if ch.isdigit())
        return queryset.filter(snils=digits) if digits else queryset


class EmploymentFilter(FilterSet):
    organization = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Организация"), queryset=visible_organizations
    )
    active = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Действующие"), method="filter_active"
    )
    person = django_filters.NumberFilter(
        label=_("Работник"), field_name="person_id", widget=HiddenInput
    )

    class Meta:
        model = models.Employment
        fields = ["organization", "person", "position", "is_main"]

    def filter_active(self, queryset, name, value):
        if value is None:
            return queryset
        active = models.Employment.objects.active().values("pk")
        return queryset.filter(pk__in=active) if value else queryset.exclude(pk__in=active)


class AttestationFilter(FilterSet):
    category = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Категория"), choices=models.AttestationCategory.choices
    )
    organization = IdChoiceFilter(
        empty_label=ALL,
        label=_("Организация"),
        queryset=visible_organizations,
        method="filter_organization",
    )
    valid_until_before = django_filters.DateFilter(
        label=_("Срок действия до"), field_name="valid_until", lookup_expr="lte"
    )
    decided_after = django_filters.DateFilter(
        label=_("Решение не ранее"), field_name="decision_date", lookup_expr="gte"
    )
    person = django_filters.NumberFilter(
        label=_("Работник"), field_name="person_id", widget=HiddenInput
    )

    class Meta:
        model = models.Attestation
        fields = ["person", "category"]

    def filter_organization(self, queryset, name, value):
        if not value:
            return queryset
        staff = models.Employment.objects.active().filter(organization=value)
        return queryset.filter(person_id__in=staff.values("person_id"))
