"""Choice fields and choices shared by the forms of recommendations and decisions, each limited
to the user's scope."""

from django import forms

from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.registry.models import Municipality, Person
from profrost.registry.selectors import with_main_organization

from ..indicators import REGISTRY
from ..models import MonitoringPeriod, PeriodStatus


def indicator_choices(blank=True):
    choices = [(code, indicator.name) for code, indicator in REGISTRY.items()]
    return [("", "—"), *choices] if blank else choices


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.starts_on:%d.%m.%Y}–{obj.ends_on:%d.%m.%Y})"


def computed_periods(user):
    return (
        MonitoringPeriod.objects.visible_to(user, Perm.VIEW_MONITORING)
        .filter(status=PeriodStatus.COMPUTED)
        .order_by("-ends_on", "title")
    )


def addressable_municipalities(user):
    """Municipalities the user's side may address: those of the regions the user holds."""
    scope = resolve_scope(user, Perm.MANAGE_RECOMMENDATIONS)
    if scope.everything:
        return Municipality.objects.order_by("name")
    return Municipality.objects.filter(region__in=scope.region_ids).order_by("name")


def people_of(user, perm, include=()):
    people = Person.objects.visible_to(user, perm)
    chosen = [pk for pk in include if pk]
    if chosen:
        people = people | Person.objects.filter(pk__in=chosen)
    return with_main_organization(people.distinct(), person_path="pk").order_by(
        "last_name", "first_name", "middle_name", "pk"
    )


def get_or_none(queryset, pk):
    try:
        return queryset.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None
