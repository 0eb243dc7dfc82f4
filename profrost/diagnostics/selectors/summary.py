"""The aggregate of deficits «в разрезе» organizations or municipalities, one page of rows at a
time, every count computed in the database.

The page's rows cost a fixed number of queries over the page's people only; the totals and the
columns cover the whole scope. «The latest result of a person in a competence» is one subquery
that every aggregate reads (DISTINCT ON on PostgreSQL, a window function elsewhere), instead of
a correlated NOT EXISTS evaluated per result.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from profrost.competences.models import Competence
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.registry.models import Employment, Municipality, Organization, PositionCategory

from ..models import CompetenceLevel, CompetenceResult, ItemCompetence
from .deficits import COMPETENCE_ORDER

# The level choices of the aggregate: which levels make a cell count a person.
LEVELS_DEFICIT = "deficit"
LEVELS_BELOW = "below"
LEVEL_SETS = {
    LEVELS_DEFICIT: (CompetenceLevel.DEFICIT,),
    LEVELS_BELOW: (CompetenceLevel.DEFICIT, CompetenceLevel.PARTIAL),
}

BY_ORGANIZATION = "organization"
BY_MUNICIPALITY = "municipality"
ROW_PATHS = {BY_ORGANIZATION: "organization", BY_MUNICIPALITY: "organization__municipality"}

HEAT_STEPS = 5
ROWS_PER_PAGE = 50
# A competence of a sensitive instrument is shown in aggregates of at least this many people
# (docs/personal-data.md); a smaller group would name its members.
MIN_PRIVATE_GROUP = 5


def private_competences(user):
    """The competences measured by a sensitive instrument, unless the user reads sensitive
    results across a region (the psychologist, a superuser)."""
    scope = resolve_scope(user, Perm.VIEW_SENSITIVE_RESULTS)
    if scope.everything or scope.region_ids:
        return set()
    return set(
        ItemCompetence.objects.filter(item__instrument__sensitive=True).values_list(
            "competence_id", flat=True
        )
    )


def can_see_summary(user):
    """Managers only: a scope over a region, a municipality or an organization."""
    scope = resolve_scope(user, Perm.VIEW_DIAGNOSTICS)
    return bool(
        scope.everything or scope.region_ids or scope.municipality_ids or scope.organization_ids
    )


def sees_municipalities(user):
    """Rows by municipality make sense for who sees a whole region."""
    scope = resolve_scope(user, Perm.VIEW_DIAGNOSTICS)
    return bool(scope.everything or scope.region_ids)


@dataclass
class SummaryColumn:
    competence_id: int
    code: str
    name: str
    group: str
    measured: int = 0
    count: int = 0
    private: bool = False

    @property
    def hidden(self):
        """A private column's total over fewer than MIN_PRIVATE_GROUP people is not shown."""
        return self.private and self.measured < MIN_PRIVATE_GROUP


@dataclass
class SummaryCell:
    competence_id: int
    code: str
    count: int
    measured: int
    share: float | None
    step: int
    hidden: bool = False
    private: bool = False

    @property
    def percent(self):
        return percent(self.share)


class Coverage:
    """Shares of a row and of the whole summary: diagnosed of the staff, with deficits of the
    diagnosed."""

    @property
    def diagnosed_percent(self):
        return percent(share(self.diagnosed, self.staff))

    @property
    def count_percent(self):
        return percent(share(self.count, self.diagnosed))


@dataclass
class SummaryRow(Coverage):
    key: int
    name: str
    parent: str
    staff: int = 0
    diagnosed: int = 0
    count: int = 0
    cells: list = field(default_factory=list)


@dataclass
class Summary(Coverage):
    """The totals and columns of the whole scope; `rows` are the rows of `page` (every row when
    the summary is not paginated, `page` is then None)."""

    by: str
    levels: tuple
    date_from: object
    date_to: object
    rows: list
    columns: list
    staff: int
    diagnosed: int
    count: int
    page: object = None


def share(part, whole):
    return part / whole if whole else None


def percent(fraction):
    return None if fraction is None else round(fraction * 100, 1)


def heat_step(value):
    """0 for none, else 1…HEAT_STEPS by the share in equal bands (up to 20 %, 40 %, …)."""
    if not value:
        return 0
    return min(HEAT_STEPS, int(value * HEAT_STEPS - 1e-9) + 1)


def summary_organizations(user, municipality=None, organization=None):
    organizations = Organization.objects.visible_to(user, Perm.VIEW_DIAGNOSTICS)
    if municipality:
        organizations = organizations.filter(municipality=municipality)
    if organization:
        organizations = organizations.filter(pk=organization.pk)
    return organizations


def people(**extra):
    return Count("person", distinct=True, **extra)


def people_by(queryset, key):
    """{row key: distinct people}, grouped in the database."""
    return dict(queryset.values(key).annotate(n=people()).values_list(key, "n").order_by())


def latest_ids(people_of, date_from, date_to):
    """The ids of each person's latest result of each competence in the period, for the people
    with a result in `people_of`: the latest of all their results in the period (a later date,
    or the same date and recorded later), wherever it was recorded — the same rule as
    `latest_results`.

    PostgreSQL keeps the first row of each person and competence with DISTINCT ON, which it
    estimates well; elsewhere a window function numbers them."""
    results = CompetenceResult.objects.filter(
        measured_on__gte=date_from,
        measured_on__lte=date_to,
        person__in=people_of.values("person"),
    )
    if connection.features.can_distinct_on_fields:
        # By the ids: ordering by the relations would expand to their models' orderings.
        newest_first = ("person_id", "competence_id", "-measured_on", "-pk")
        pairs = results.order_by(*newest_first).distinct("person_id", "competence_id")
        return pairs.values("pk")
    ranked = results.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("person_id"), F("competence_id")],
            order_by=[F("measured_on").desc(), F("pk").desc()],
        )
    )
    return ranked.filter(rank=1).values("pk")


def deficit_summary(
    user,
    *,
    date_from,
    date_to,
    municipality=None,
    organization=None,
    group=None,
    levels=LEVELS_DEFICIT,
    by=BY_ORGANIZATION,
    page=None,
    per_page=None,
):
    """People diagnosed in the period and, per row and competence, people whose latest result of
    the competence in the period is at the chosen levels; with `per_page`, the rows of page
    `page` only (the totals and columns still cover every row).

    A result counts for the organization it was recorded with (the place of work when measured);
    staff are people with an active teaching employment in the organizations in scope. With a
    competence group chosen, «diagnosed» means diagnosed in a competence of that group.
    """
    level_values = LEVEL_SETS[levels]
    at_level = Q(level__in=level_values)
    organizations = summary_organizations(user, municipality, organization)
    staff, results = summary_sources(user, organizations, date_from, date_to, group)
    heads = row_heads(organizations, by, staff, results)
    paged = Paginator(heads, per_page).get_page(page) if per_page else None
    # Whose results to rank: everyone with a result in the organizations. A superset of the
    # people the user sees is enough (each person is ranked alone, the aggregates keep only the
    # results seen) and spares the ranking the visibility join.
    recorded = CompetenceResult.objects.filter(
        organization__in=organizations.values("pk"), measured_on__range=(date_from, date_to)
    )
    sources = SummarySources(staff, results, recorded, (date_from, date_to), at_level)
    columns = mark_private(summary_columns(sources.latest(), at_level), user)
    if paged:
        heads = list(paged.object_list)
        counted = sources.by_row(ROW_PATHS[by], [key for key, _name, _parent in heads])
    else:
        counted = sources.by_row(ROW_PATHS[by])
    return Summary(
        by=by,
        levels=level_values,
        date_from=date_from,
        date_to=date_to,
        rows=summary_rows(heads, columns, counted),
        columns=columns,
        page=paged,
        **sources.totals(),
    )


class SummarySources:
    """The staff and the results of the scope, and the ids of the latest results of the people
    recorded in it."""

    def __init__(self, staff, results, recorded, period, at_level):
        self.staff = staff
        self.results = results
        self.recorded = recorded
        self.period = period
        self.at_level = at_level
        self.latest_ids = latest_ids(recorded, *period)

    def narrowed(self, scope):
        return SummarySources(
            self.staff.filter(scope),
            self.results.filter(scope),
            self.recorded.filter(scope),
            self.period,
            self.at_level,
        )

    def latest(self):
        return self.results.filter(pk__in=self.latest_ids)

    def counts(self):
        """Diagnosed (any result in the period) and counted (a latest result at the levels)."""
        return {
            "diagnosed": people(),
            "count": people(filter=Q(pk__in=self.latest_ids) & self.at_level),
        }

    def totals(self):
        staff = self.staff.aggregate(n=people())["n"]
        return {"staff": staff, **self.results.aggregate(**self.counts())}

    def by_row(self, path, keys=None):
        """Staff, diagnosed, counted and the cells per row key, of the rows `keys` only (their
        people only in the window) when given."""
        sources = self.narrowed(Q(**{f"{path}__in": keys})) if keys is not None else self
        counted = sources.results.values(path).annotate(**sources.counts()).order_by()
        return {
            "staff": people_by(sources.staff, path),
            "counts": {row[path]: (row["diagnosed"], row["count"]) for row in counted},
            "cells": summary_cells(sources.latest(), sources.at_level, path),
        }


def summary_sources(user, organizations, date_from, date_to, group=None):
    """The staff (active teaching employments) and the results of the period in the
    organizations, the results of one competence group only when a group is chosen."""
    in_scope = organizations.values("pk")
    staff = Employment.objects.active(min(date_to, timezone.localdate())).filter(
        organization__in=in_scope, position__category=PositionCategory.TEACHING
    )
    # The scope alone, not the private rule of named rows: sensitive results count in the
    # aggregate, whose small groups `summary_rows` hides.
    scope = resolve_scope(user, Perm.VIEW_DIAGNOSTICS)
    results = CompetenceResult.objects.within(scope, CompetenceResult.scope_filter).filter(
        organization__in=in_scope, measured_on__gte=date_from, measured_on__lte=date_to
    )
    if group:
        results = results.filter(competence__group=group)
    return staff, results


def mark_private(columns, user):
    private = private_competences(user)
    for column in columns:
        column.private = column.competence_id in private
    return columns


def summary_columns(latest, at_level):
    """A column per measured competence: people measured, and people at the chosen levels
    (rows of `latest` are people, as in `summary_cells`). Grouped by the id alone and named in
    a second query: grouping by the names too made the database sort every result by them."""
    counted = {
        row["competence"]: row
        for row in latest.values("competence")
        .annotate(measured=Count("pk"), n=Count("pk", filter=at_level))
        .order_by()
    }
    competences = (
        Competence.objects.filter(pk__in=counted)
        .select_related("group")
        .order_by(*(name.removeprefix("competence__") for name in COMPETENCE_ORDER))
    )
    return [
        SummaryColumn(
            competence_id=competence.pk,
            code=competence.code,
            name=competence.name,
            group=competence.group.name,
            measured=counted[competence.pk]["measured"],
            count=counted[competence.pk]["n"],
        )
        for competence in competences
    ]


def summary_cells(latest, at_level, path):
    """{(row key, competence id): (people at the levels, people measured)}.

    `latest` holds one result per person and competence, so its rows count people: no DISTINCT,
    which would sort every result instead of hashing the groups."""
    counted = (
        latest.values(path, "competence")
        .annotate(measured=Count("pk"), n=Count("pk", filter=at_level))
        .order_by()
    )
    return {(row[path], row["competence"]): (row["n"], row["measured"]) for row in counted}


def summary_rows(heads, columns, counted):
    """A row per head, each with a cell per column, from the counts of `SummarySources.by_row`."""
    rows = []
    for key, name, parent in heads:
        diagnosed, count = counted["counts"].get(key, (0, 0))
        row = SummaryRow(
            key=key,
            name=name,
            parent=parent,
            staff=counted["staff"].get(key, 0),
            diagnosed=diagnosed,
            count=count,
        )
        for column in columns:
            number, measured = counted["cells"].get((key, column.competence_id), (0, 0))
            value = share(number, row.diagnosed)
            cell = SummaryCell(
                competence_id=column.competence_id,
                code=column.code,
                count=number,
                measured=measured,
                share=value,
                step=heat_step(value),
                private=column.private,
            )
            if column.private and measured < MIN_PRIVATE_GROUP:
                cell.count, cell.share, cell.step, cell.hidden = None, None, 0, True
            row.cells.append(cell)
        rows.append(row)
    return rows


def row_heads(organizations, by, staff, results):
    """(id, name, parent name) of every row the user may see that has staff or results, in the
    order of the table: a queryset, so that a page of it is read alone."""
    if by == BY_MUNICIPALITY:
        inside = "organization__municipality"
        heads = Municipality.objects.filter(pk__in=organizations.values("municipality_id"))
        fields, order = ("pk", "name", "region__name"), ("name", "pk")
    else:
        inside = "organization"
        heads = organizations
        fields, order = (
            ("pk", "short_name", "municipality__name"),
            (
                "municipality__name",
                "short_name",
                "pk",
            ),
        )
    active = Exists(staff.filter(**{inside: OuterRef("pk")})) | Exists(
        results.filter(**{inside: OuterRef("pk")})
    )
    return heads.filter(active).order_by(*order).values_list(*fields)
