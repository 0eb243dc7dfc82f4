"""Reads of diagnostics: a person's deficit map, the lists of results and deficits, and the
aggregate «в разрезе» organizations or municipalities, every count computed in the database."""

from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.registry.models import (
    Employment,
    Municipality,
    Organization,
    Person,
    PositionCategory,
)

from ..models import (
    CompetenceLevel,
    CompetenceResult,
    Deficit,
    DeficitStatus,
)

COMPETENCE_ORDER = (
    "competence__group__order",
    "competence__group__name",
    "competence__order",
    "competence__code",
)

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


# Latest results --------------------------------------------------------------------------------


def latest_results(queryset, date_from=None, date_to=None):
    """Each person's latest result of each competence, within the period when one is given.

    A result is the latest when no other result of the same person and competence in the period
    is later (a later date, or the same date and recorded after it).
    """
    period = Q()
    if date_from:
        period &= Q(measured_on__gte=date_from)
    if date_to:
        period &= Q(measured_on__lte=date_to)
    later = CompetenceResult.objects.filter(
        period,
        Q(measured_on__gt=OuterRef("measured_on"))
        | Q(measured_on=OuterRef("measured_on"), pk__gt=OuterRef("pk")),
        person=OuterRef("person"),
        competence=OuterRef("competence"),
    )
    return queryset.filter(period).filter(~Exists(later))


# The deficit map of a person -------------------------------------------------------------------


def current_employments(person):
    """The person's current places of work, the main one first."""
    return (
        Employment.objects.active()
        .filter(person=person)
        .select_related("organization__municipality", "position")
        .order_by("-is_main", "-start_date")
    )


def person_results(person):
    """The history: every result of the person, by competence and then by date."""
    return (
        CompetenceResult.objects.filter(person=person)
        .select_related("competence__group")
        .order_by(*COMPETENCE_ORDER, "measured_on", "pk")
    )


def person_profile(person):
    """The current profile: the latest result of every competence measured."""
    return (
        latest_results(CompetenceResult.objects.filter(person=person))
        .select_related("competence__group")
        .order_by(*COMPETENCE_ORDER)
    )


def person_deficits(person):
    """Open deficits first, then closed ones; the newest first within each."""
    return (
        Deficit.objects.filter(person=person)
        .select_related("competence__group", "found_by", "closed_by")
        .annotate(
            closed_rank=Case(
                When(status=DeficitStatus.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed_rank", "-found_on", "competence__code")
    )


# Lists -----------------------------------------------------------------------------------------


def deficits_for_list(queryset):
    return queryset.select_related(
        "person", "organization__municipality", "competence__group", "found_by", "closed_by"
    )


def results_for_list(queryset):
    return queryset.select_related("person", "organization__municipality", "competence__group")


# The aggregate ---------------------------------------------------------------------------------


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


@dataclass
class SummaryCell:
    competence_id: int
    code: str
    count: int
    measured: int
    share: float | None
    step: int

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
    by: str
    levels: tuple
    date_from: object
    date_to: object
    rows: list
    columns: list
    staff: int
    diagnosed: int
    count: int


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
):
    """People diagnosed in the period and, per row and competence, people whose latest result of
    the competence in the period is at the chosen levels.

    A result counts for the organization it was recorded with (the place of work when measured);
    staff are people with an active teaching employment in the organizations in scope. With a
    competence group chosen, «diagnosed» means diagnosed in a competence of that group.
    """
    level_values = LEVEL_SETS[levels]
    at_level = Q(level__in=level_values)
    path = ROW_PATHS[by]
    organizations = summary_organizations(user, municipality, organization)
    staff, results = summary_sources(user, organizations, date_from, date_to, group)
    latest = latest_results(results, date_from, date_to)
    columns = summary_columns(latest, at_level)
    rows = summary_rows(
        _row_heads(organizations, by),
        columns,
        summary_cells(latest, at_level, path),
        staff=people_by(staff, path),
        diagnosed=people_by(results, path),
        count=people_by(latest.filter(at_level), path),
    )
    return Summary(
        by=by,
        levels=level_values,
        date_from=date_from,
        date_to=date_to,
        rows=rows,
        columns=columns,
        staff=staff.aggregate(n=people())["n"],
        diagnosed=results.aggregate(n=people())["n"],
        count=latest.filter(at_level).aggregate(n=people())["n"],
    )


def summary_sources(user, organizations, date_from, date_to, group=None):
    """The staff (active teaching employments) and the results of the period in the
    organizations, the results of one competence group only when a group is chosen."""
    in_scope = organizations.values("pk")
    staff = Employment.objects.active(min(date_to, timezone.localdate())).filter(
        organization__in=in_scope, position__category=PositionCategory.TEACHING
    )
    results = CompetenceResult.objects.visible_to(user, Perm.VIEW_DIAGNOSTICS).filter(
        organization__in=in_scope, measured_on__gte=date_from, measured_on__lte=date_to
    )
    if group:
        results = results.filter(competence__group=group)
    return staff, results


def summary_columns(latest, at_level):
    """A column per measured competence: people measured, and people at the chosen levels."""
    counted = (
        latest.values(
            "competence", "competence__code", "competence__name", "competence__group__name"
        )
        .annotate(measured=people(), n=people(filter=at_level))
        .order_by(*COMPETENCE_ORDER)
    )
    return [
        SummaryColumn(
            competence_id=row["competence"],
            code=row["competence__code"],
            name=row["competence__name"],
            group=row["competence__group__name"],
            measured=row["measured"],
            count=row["n"],
        )
        for row in counted
    ]


def summary_cells(latest, at_level, path):
    """{(row key, competence id): (people at the levels, people measured)}."""
    counted = (
        latest.values(path, "competence")
        .annotate(measured=people(), n=people(filter=at_level))
        .order_by()
    )
    return {(row[path], row["competence"]): (row["n"], row["measured"]) for row in counted}


def summary_rows(heads, columns, cells, *, staff, diagnosed, count):
    """The rows with staff or diagnosed people, each with a cell per column, from the counts."""
    rows = []
    for key, name, parent in heads:
        row = SummaryRow(
            key=key,
            name=name,
            parent=parent,
            staff=staff.get(key, 0),
            diagnosed=diagnosed.get(key, 0),
            count=count.get(key, 0),
        )
        if not (row.staff or row.diagnosed):
            continue
        for column in columns:
            number, measured = cells.get((key, column.competence_id), (0, 0))
            value = share(number, row.diagnosed)
            row.cells.append(
                SummaryCell(
                    competence_id=column.competence_id,
                    code=column.code,
                    count=number,
                    measured=measured,
                    share=value,
                    step=heat_step(value),
                )
            )
        rows.append(row)
    return rows


def _row_heads(organizations, by):
    """(id, name, parent name) of every row the user may see, in the order of the table."""
    if by == BY_MUNICIPALITY:
        municipalities = Municipality.objects.filter(
            pk__in=organizations.values("municipality_id")
        ).select_related("region")
        return [(m.pk, m.name, m.region.name) for m in municipalities.order_by("name")]
    return list(
        organizations.order_by("municipality__name", "short_name").values_list(
            "pk", "short_name", "municipality__name"
        )
    )


def deficit_map_url(user, person_id):
    """The person's deficit map for a link, or "" when the user does not see their diagnostics."""
    if not Person.objects.visible_to(user, Perm.VIEW_DIAGNOSTICS).filter(pk=person_id).exists():
        return ""
    return reverse("diagnostics:deficit_map", args=[person_id])
