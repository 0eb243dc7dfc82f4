"""Reads of the analytical report beyond the dashboard's: the previous period's values, the
organizations below target, the recommendations and decisions of the period."""

from django.db.models import Q

from ..models import ManagementDecision, Recommendation, ScopeLevel
from .dashboard import ranking, ranking_levels
from .scopes import PERM, previous_period, visible_values

BELOW_LIMIT = 10


def previous_values(user, period, scope):
    """The previous computed period of the series and {code: value} of the scope in it."""
    previous = previous_period(user, period)
    if previous is None:
        return None, {}
    values = dict(
        visible_values(user)
        .filter(period=previous, scope_key=scope.key)
        .values_list("indicator", "value")
    )
    return previous, values


def below_level(scope, indicator):
    """Organizations below a region or a municipality where the indicator is broken down by
    organization, else municipalities."""
    levels = [level for level in ranking_levels(scope) if level in indicator.levels]
    if ScopeLevel.ORGANIZATION in levels:
        return ScopeLevel.ORGANIZATION
    return levels[0] if levels else None


def below_target(user, period, scope, indicator):
    """(level, the lowest rows below target — lowest first, at most BELOW_LIMIT —, the rest)."""
    level = below_level(scope, indicator)
    if level is None:
        return None, [], 0
    rows = [row for row in ranking(user, period, indicator, scope, level) if row.cell.below]
    rows.sort(key=lambda row: row.rank, reverse=True)  # the lowest first, equal ones by name
    return level, rows[:BELOW_LIMIT], max(len(rows) - BELOW_LIMIT, 0)


def scope_recommendations(user, period, scope):
    """The recommendations of the period addressed inside the scope, as the user sees them."""
    rows = Recommendation.objects.visible_to(user, PERM).filter(period=period)
    if scope.level == ScopeLevel.ORGANIZATION:
        rows = rows.filter(Q(organization=scope.pk) | Q(person__employments__organization=scope.pk))
    elif scope.level == ScopeLevel.MUNICIPALITY:
        rows = rows.filter(
            Q(municipality=scope.pk)
            | Q(organization__municipality=scope.pk)
            | Q(person__employments__organization__municipality=scope.pk)
        )
    else:
        rows = rows.filter(region=scope.pk)
    return list(
        rows.distinct()
        .select_related("organization", "municipality", "person")
        .order_by("created", "pk")
    )


def scope_decisions(user, period, scope):
    """The management decisions based on the period of the scope, its municipality and region
    (and, for a region or municipality, those of the municipalities inside it)."""
    rows = ManagementDecision.objects.visible_to(user, PERM).filter(based_on=period)
    if scope.level == ScopeLevel.REGION:
        rows = rows.filter(region=scope.pk)
    else:
        municipality = scope.pk if scope.level == ScopeLevel.MUNICIPALITY else scope.municipality_id
        rows = rows.filter(
            Q(level=ScopeLevel.REGION, region=scope.region_id)
            | Q(level=ScopeLevel.MUNICIPALITY, municipality=municipality)
        )
    return list(
        rows.select_related("responsible_person", "region", "municipality").order_by(
            "decided_on", "pk"
        )
    )
