"""The indicator engine.

An indicator is a numerator and (for shares and ratios) a denominator, each a `Measure`: a
queryset of rows for a period, what is counted (distinct people, rows, or a sum), and the lookup
paths from a row to its organization, municipality and region. The engine groups each measure by
each level in the database — one query per measure and level, whatever the number of people.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, Q, Sum
from django.db.models.functions import Coalesce

from profrost.registry.models import Organization

from ..models import ScopeLevel

HIGHER, LOWER, NEUTRAL = "higher", "lower", ""
SHARE, COUNT, RATIO, PRESENCE = "share", "count", "ratio", "presence"
ALL_LEVELS = (ScopeLevel.ORGANIZATION, ScopeLevel.MUNICIPALITY, ScopeLevel.REGION)
TWO_PLACES = Decimal("0.01")
# Sums of integer and decimal fields alike come back as decimals.
AMOUNT = DecimalField(max_digits=20, decimal_places=2)

REGISTRY = {}


@dataclass(frozen=True)
class Measure:
    """Rows of a period and how to count them at each level.

    `rows(period)` returns a queryset restricted to the period's time window (not to its scope:
    the engine filters by the period's region or municipality through the paths). `count` is
    the field counted distinct, or `total` a field summed instead. A path set to None means the
    measure has no breakdown at that level. `at_level` narrows the rows at one level only
    ({level: Q}), e.g. a document counts for a municipality only when it is the
    municipality's own, not one of its organizations'.
    """

    rows: object
    count: str = "person"
    total: str = ""
    organization: str | None = "organization"
    municipality: str | None = "organization__municipality"
    region: str | None = "organization__municipality__region"
    label: str = ""
    at_level: dict = field(default_factory=dict, hash=False)

    def path(self, level):
        return {
            ScopeLevel.ORGANIZATION: self.organization,
            ScopeLevel.MUNICIPALITY: self.municipality,
            ScopeLevel.REGION: self.region,
        }[level]

    def in_period_scope(self, period, level=None):
        """The period's rows within its scope. In a municipal period an organization of the
        municipality counts all its rows — a regional event it held has no municipality of its
        own — and the municipality's own path narrows the municipality level only."""
        rows = self.rows(period)
        if period.level != ScopeLevel.MUNICIPALITY:
            return rows.filter(**{self.region: period.region_id})
        if level == ScopeLevel.ORGANIZATION and self.organization:
            local = Organization.objects.filter(municipality=period.municipality_id)
            return rows.filter(**{f"{self.organization}__in": local.values("pk")})
        if self.municipality is None:
            return rows.none()
        return rows.filter(**{self.municipality: period.municipality_id})

    def aggregate(self, period, level):
        """{scope id: amount} at `level`, in one query."""
        path = self.path(level)
        if path is None:
            return {}
        amount = (
            Coalesce(Sum(self.total), Decimal(0), output_field=AMOUNT)
            if self.total
            else Count(self.count, distinct=True)
        )
        grouped = (
            self.in_period_scope(period, level)
            .filter(self.at_level.get(level, Q()))
            .exclude(**{f"{path}__isnull": True})
            .order_by()
            .values(path)
            .annotate(amount=amount)
            .values_list(path, "amount")
        )
        return {key: Decimal(value) for key, value in grouped}

    def rows_for(self, period, level, pk):
        """The rows behind one stored number, for the drill-down."""
        rows = self.in_period_scope(period, level).filter(self.at_level.get(level, Q()))
        return rows.filter(**{self.path(level): pk})


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    seed: str
    unit: str
    kind: str
    numerator: Measure
    denominator: Measure | None = None
    direction: str = HIGHER
    default_target: Decimal | None = None
    levels: tuple = ALL_LEVELS
    description: str = ""
    group: str = ""
    extra: dict = field(default_factory=dict)

    def value(self, numerator, denominator):
        if self.kind == COUNT:
            return numerator
        if self.kind == PRESENCE:
            return Decimal(1) if numerator > 0 else Decimal(0)
        if not denominator:
            return None
        ratio = numerator / denominator
        if self.kind == SHARE:
            ratio *= 100
        return ratio.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)

    def meets(self, value, target):
        """True or False against the target, None when either is missing."""
        if value is None or target is None or self.direction == NEUTRAL:
            return None
        return value >= target if self.direction == HIGHER else value <= target


def add_once(registry, entry):
    """Adds an indicator or a rule under its code; a code used twice is a programming error."""
    if entry.code in registry:
        raise ValueError(f"{entry.code} registered twice")
    registry[entry.code] = entry
    return entry


def register(indicator):
    return add_once(REGISTRY, indicator)


def get(code):
    return REGISTRY[code]
