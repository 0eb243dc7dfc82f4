"""The rows behind a stored number: who is counted in an indicator's numerator or denominator."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from profrost.registry.models import Employment, Person

from ..indicators.base import AMOUNT
from ..models import IndicatorValue, MonitoringPeriod, ScopeLevel, scope_key
from .scopes import PERM, AnalysisScope, visible_values

# Drill-down ------------------------------------------------------------------------------------

NUMERATOR, DENOMINATOR = "numerator", "denominator"
PARTS = {NUMERATOR: _("числитель"), DENOMINATOR: _("знаменатель")}


def counted_model(measure, model):
    """The model whose rows a measure counts: Person for `person`, the row itself for `pk`
    or a sum; None when it counts a plain column."""
    if measure.total or measure.count == "pk":
        return model
    for part in measure.count.split("__"):
        model = model._meta.get_field(part).related_model
        if model is None:
            return None
    return model


def current_amount(measure, rows):
    """What the measure gives on today's data: the number the drill-down lists."""
    if measure.total:
        amount = rows.aggregate(
            amount=Coalesce(Sum(measure.total), Decimal(0), output_field=AMOUNT)
        )["amount"]
    else:
        amount = rows.aggregate(amount=Count(measure.count, distinct=True))["amount"]
    return Decimal(amount)


@dataclass
class Drill:
    period: MonitoringPeriod
    indicator: object
    stored: IndicatorValue
    scope: AnalysisScope
    part: str
    measure: object
    rows: object
    model: object

    @property
    def people(self):
        return self.model is Person

    @property
    def stored_amount(self):
        return self.stored.numerator if self.part == NUMERATOR else self.stored.denominator

    def current(self):
        return current_amount(self.measure, self.rows)

    @property
    def part_label(self):
        return PARTS[self.part]


def drill(user, period, indicator, level, pk, part):
    """The rows behind a stored number, or None when the user does not see that number."""
    if level not in ScopeLevel.values or part not in PARTS:
        return None
    measure = indicator.numerator if part == NUMERATOR else indicator.denominator
    if measure is None or measure.path(level) is None:
        return None
    stored = (
        visible_values(user)
        .filter(period=period, indicator=indicator.code, scope_key=scope_key(level, pk))
        .select_related("region", "municipality", "organization__municipality")
        .first()
    )
    if stored is None:
        return None
    rows = measure.rows_for(period, level, pk)
    model = counted_model(measure, rows.model)
    return Drill(
        period, indicator, stored, AnalysisScope.of_value(stored), part, measure, rows, model
    )


def drill_objects(user, drill_):
    """People (for a measure counting people) or records behind the number, as the user sees
    them, ordered; a queryset to paginate."""
    measure, rows = drill_.measure, drill_.rows
    if drill_.people:
        ids = rows.values(measure.count)
        return (
            Person.objects.visible_to(user, PERM)
            .filter(pk__in=ids)
            .order_by("last_name", "first_name", "middle_name", "pk")
        )
    model = drill_.model or rows.model
    if model is rows.model:
        objects = model._default_manager.filter(pk__in=rows.values("pk"))
    else:
        objects = model._default_manager.filter(pk__in=rows.values(measure.count))
    if hasattr(objects, "visible_to") and hasattr(model, "scope_filter"):
        objects = objects.visible_to(user, PERM)
    return objects.order_by(*(model._meta.ordering or ()), "pk")


def people_places(drill_, ids):
    """{person id: [(organization, position)]} for people (a list of ids or a subquery): the
    rows' own organization and position when the rows are places of work, else the places of
    work in the scope on the period's last day. One query."""
    measure = drill_.measure
    if drill_.rows.model is Employment and measure.count == "person":
        places = drill_.rows.filter(person__in=ids)
    else:
        path = {
            ScopeLevel.ORGANIZATION: "organization",
            ScopeLevel.MUNICIPALITY: "organization__municipality",
            ScopeLevel.REGION: "organization__municipality__region",
        }[drill_.scope.level]
        places = Employment.objects.active(drill_.period.ends_on).filter(
            person__in=ids, **{path: drill_.scope.pk}
        )
    found = {}
    for person_id, organization, position in places.order_by(
        "person", "-is_main", "organization__short_name"
    ).values_list("person", "organization__short_name", "position__name"):
        pairs = found.setdefault(person_id, [])
        if (organization, position) not in pairs:
            pairs.append((organization, position))
    return found
