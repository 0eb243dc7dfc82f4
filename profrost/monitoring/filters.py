"""Filters of the recommendation and decision lists. Choices come from the user's scope."""

import django_filters
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.filters import FilterSet, visible
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.registry.filters import ALL, YesNoSelect
from profrost.registry.models import Employment, Municipality, Organization

from .indicators import REGISTRY
from .models import (
    AddresseeLevel,
    DecisionStatus,
    ManagementDecision,
    MonitoringPeriod,
    Recommendation,
    RecommendationStatus,
    ScopeLevel,
    people_of_municipalities,
)
from .rules import RULES

ANSWER = Perm.ANSWER_RECOMMENDATIONS
MANAGE = Perm.MANAGE_RECOMMENDATIONS
VIEW = Perm.VIEW_MONITORING
INBOX, OUTBOX = "inbox", "outbox"
MANUAL = "manual"


def user_of(request):
    return getattr(request, "user", None)


def indicator_choices():
    return [(code, indicator.name) for code, indicator in REGISTRY.items()]


def rule_choices():
    return [*((code, rule.name) for code, rule in RULES.items()), (MANUAL, _("Написанные вручную"))]


class RecommendationFilter(FilterSet):
    box = django_filters.ChoiceFilter(
        label=_("Раздел"),
        empty_label=ALL,
        choices=[(INBOX, _("Адресованные мне")), (OUTBOX, _("Выданные"))],
        method="filter_box",
    )
    status = django_filters.ChoiceFilter(
        label=_("Статус"), empty_label=ALL, choices=RecommendationStatus.choices
    )
    overdue = django_filters.BooleanFilter(
        label=_("Срок ответа истёк"), method="filter_overdue", widget=YesNoSelect
    )
    rule = django_filters.ChoiceFilter(
        label=_("Правило"), empty_label=ALL, choices=rule_choices, method="filter_rule"
    )
    indicator = django_filters.ChoiceFilter(
        label=_("Показатель"), empty_label=ALL, choices=indicator_choices
    )
    addressee_level = django_filters.ChoiceFilter(
        label=_("Адресат"), empty_label=ALL, choices=AddresseeLevel.choices
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Муниципалитет"),
        empty_label=ALL,
        queryset=visible(Municipality, ANSWER),
        method="filter_municipality",
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Организация"),
        empty_label=ALL,
        queryset=visible(Organization, ANSWER),
        method="filter_organization",
    )
    period = django_filters.ModelChoiceFilter(
        label=_("Период"), empty_label=ALL, queryset=visible(MonitoringPeriod, VIEW)
    )

    class Meta:
        model = Recommendation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = user_of(self.request)
        if user is None or not has_perm_anywhere(user, MANAGE):
            # An addressee only: the list is their inbox.
            for name in ("box", "rule", "addressee_level", "municipality", "organization"):
                self.filters.pop(name)
        if user is None or not has_perm_anywhere(user, VIEW):
            self.filters.pop("period")

    def filter_box(self, queryset, name, value):
        user = user_of(self.request)
        if value == INBOX:
            mine = Recommendation.objects.answerable_by(user, ANSWER)
        elif value == OUTBOX:
            mine = Recommendation.objects.changeable_by(user, MANAGE)
        else:
            return queryset
        return queryset.filter(pk__in=mine.values("pk"))

    def filter_overdue(self, queryset, name, value):
        late = Q(status=RecommendationStatus.NEW, deadline__lt=timezone.localdate())
        if value is None:
            return queryset
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_rule(self, queryset, name, value):
        return queryset.filter(rule="" if value == MANUAL else value)

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(
            Q(municipality=value)
            | Q(organization__municipality=value)
            | Q(person__in=people_of_municipalities([value.pk]))
        )

    def filter_organization(self, queryset, name, value):
        staff = Employment.objects.filter(organization=value).values("person_id")
        return queryset.filter(Q(organization=value) | Q(person__in=staff))


class DecisionFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Статус"), empty_label=ALL, choices=DecisionStatus.choices
    )
    overdue = django_filters.BooleanFilter(
        label=_("Срок истёк"), method="filter_overdue", widget=YesNoSelect
    )
    level = django_filters.ChoiceFilter(
        label=_("Уровень"),
        empty_label=ALL,
        choices=[c for c in ScopeLevel.choices if c[0] != ScopeLevel.ORGANIZATION],
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Муниципалитет"), empty_label=ALL, queryset=visible(Municipality, VIEW)
    )
    indicator = django_filters.ChoiceFilter(
        label=_("Показатель"),
        empty_label=ALL,
        choices=indicator_choices,
        method="filter_indicator",
    )
    based_on = django_filters.ModelChoiceFilter(
        label=_("По итогам периода"), empty_label=ALL, queryset=visible(MonitoringPeriod, VIEW)
    )

    class Meta:
        model = ManagementDecision
        fields = []

    def filter_overdue(self, queryset, name, value):
        late = Q(
            status__in=[DecisionStatus.PLANNED, DecisionStatus.IN_PROGRESS],
            deadline__lt=timezone.localdate(),
        )
        if value is None:
            return queryset
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_indicator(self, queryset, name, value):
        # The JSON list as text: `contains` on a JSONField is not available on SQLite.
        return queryset.annotate(indicators_text=Cast("indicators", TextField())).filter(
            indicators_text__contains=f'"{value}"'
        )
