"""Filter sets of the network's lists and calendar; the pages and the API use the same ones."""

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.competences.models import Competence
from profrost.core.filters import FilterSet, visible
from profrost.core.roles import Perm
from profrost.registry.filters import (
    ALL,
    IdChoiceFilter,
    YesNoSelect,
    visible_municipalities,
)
from profrost.registry.models import Organization, Subject

from .models import (
    Association,
    AssociationKind,
    Event,
    EventKind,
    EventLevel,
    EventStatus,
    PlanLevel,
    TargetLevel,
    WorkPlan,
)
from .selectors import with_free_places

visible_associations = visible(Association, Perm.VIEW_NETWORK, ordering=("title",))


def organizers(request):
    """Organizations that organize events the user sees."""
    if request is None:
        return Organization.objects.none()
    events = Event.objects.visible_to(request.user, Perm.VIEW_NETWORK)
    return Organization.objects.filter(pk__in=events.values("organizer_organization")).order_by(
        "short_name"
    )


visible_plans = visible(WorkPlan, Perm.VIEW_NETWORK, ordering=("-year", "title"))


class AssociationFilter(FilterSet):
    kind = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Вид"), choices=AssociationKind.choices
    )
    level = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Уровень"), choices=TargetLevel.choices
    )
    municipality = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Муниципалитет"), queryset=visible_municipalities
    )
    subject = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Предмет"), queryset=Subject.objects.all()
    )
    is_active = django_filters.BooleanFilter(widget=YesNoSelect, label=_("Действует"))

    class Meta:
        model = Association
        fields = ["kind", "level", "municipality", "subject", "is_active"]


class WhenChoices:
    UPCOMING = "upcoming"
    PAST = "past"
    CHOICES = [(UPCOMING, _("предстоящие")), (PAST, _("прошедшие"))]


class EventFilter(FilterSet):
    kind = django_filters.ChoiceFilter(empty_label=ALL, label=_("Форма"), choices=EventKind.choices)
    level = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Уровень"), choices=EventLevel.choices
    )
    status = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Статус"), choices=EventStatus.choices
    )
    when = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Когда"), choices=WhenChoices.CHOICES, method="filter_when"
    )
    date_from = django_filters.DateFilter(
        label=_("С даты"), field_name="ends_at", lookup_expr="date__gte"
    )
    date_to = django_filters.DateFilter(
        label=_("По дату"), field_name="starts_at", lookup_expr="date__lte"
    )
    municipality = IdChoiceFilter(
        empty_label=ALL,
        label=_("Муниципалитет"),
        queryset=visible_municipalities,
        method="filter_municipality",
    )
    organizer = IdChoiceFilter(
        empty_label=ALL,
        label=_("Организатор"),
        queryset=organizers,
        method="filter_organizer",
    )
    association = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        label=_("Объединение"),
        field_name="organizer_association",
        queryset=visible_associations,
    )
    competence = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        label=_("Компетенция"),
        field_name="competences",
        queryset=Competence.objects.filter(is_active=True),
    )
    plan = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("План"), queryset=visible_plans
    )
    free_places = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Есть свободные места"), method="filter_free_places"
    )

    class Meta:
        model = Event
        fields = []

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == WhenChoices.UPCOMING:
            return queryset.filter(ends_at__gte=now)
        if value == WhenChoices.PAST:
            return queryset.filter(ends_at__lt=now)
        return queryset

    def filter_municipality(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(municipality=value)
            | Q(organizer_organization__municipality=value)
            | Q(organizer_association__municipality=value)
        )

    def filter_organizer(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(organizer_organization=value) | Q(organizer_association__organization=value)
        )

    def filter_free_places(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return with_free_places(queryset)
        return queryset.filter(capacity__isnull=False, participant_count__gte=F("capacity"))


class PlanFilter(FilterSet):
    level = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Чей план"), choices=PlanLevel.choices
    )
    year = django_filters.NumberFilter(label=_("Учебный год (год начала)"))
    municipality = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Муниципалитет"), queryset=visible_municipalities
    )
    association = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Объединение"), queryset=visible_associations
    )

    class Meta:
        model = WorkPlan
        fields = ["level", "year", "municipality", "association"]
