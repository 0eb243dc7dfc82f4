"""Reads of the staffing pages: the vacancy list, the summary of open vacancies and the forecast
of staff reaching the chosen age. Every number is counted in the database."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import ExtractYear, Greatest
from django.utils.translation import gettext as _

from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.registry.models import Employment, Person, PositionCategory

PERM = Perm.VIEW_NETWORK
NO_SUBJECT = "null"  # django-filter's value for «Без предмета» in the list's subject filter
PAST = "past"  # the forecast's column of people who reached the age before this year
AGE_CHOICES = (60, 65)
DEFAULT_AGE = 65
HORIZON_CHOICES = (1, 2, 3, 4, 5)
DEFAULT_HORIZON = 5


def is_manager(user, perm=PERM):
    """Staffing is the business of managers and methodists: a scope wider than one's own person."""
    scope = resolve_scope(user, perm)
    return bool(
        scope.everything or scope.region_ids or scope.municipality_ids or scope.organization_ids
    )


# Vacancies --------------------------------------------------------------------------------------


def vacancies_for_list(queryset):
    return queryset.select_related(
        "organization__municipality", "position", "subject", "hired_person"
    )


@dataclass
class SummaryRow:
    count: int
    hours: object
    filters: dict
    label: str = ""
    detail: str = ""
    is_subtotal: bool = False


@dataclass
class VacancySummary:
    day: object
    total: SummaryRow
    by_position: list = field(default_factory=list)
    by_organization: list = field(default_factory=list)


COUNTS = {"count": Count("pk"), "hours": Sum("hours")}


def vacancy_summary(queryset, day):
    """Vacancies open on `day`: by position and subject (with a subtotal per position), by
    organization, and in total. Each row carries the list filters that show its vacancies."""
    open_now = queryset.open_on(day).order_by()
    total = open_now.aggregate(**COUNTS)
    return VacancySummary(
        day=day,
        total=SummaryRow(total["count"], total["hours"] or 0, {}, label=_("Итого")),
        by_position=_by_position(open_now),
        by_organization=_by_organization(open_now),
    )


def _by_position(open_now):
    subtotals = {
        row["position_id"]: row for row in open_now.values("position_id").annotate(**COUNTS)
    }
    pairs = (
        open_now.values("position_id", "position__name", "subject_id", "subject__name")
        .annotate(**COUNTS)
        .order_by(
            "position__order",
            "position__name",
            F("subject__order").asc(nulls_last=True),
            "subject__name",
        )
    )
    rows = []
    for pair in pairs:
        position_id, name = pair["position_id"], pair["position__name"]
        if not rows or rows[-1].filters["position"] != position_id:
            subtotal = subtotals[position_id]
            rows.append(
                SummaryRow(
                    subtotal["count"],
                    subtotal["hours"],
                    {"position": position_id},
                    label=name,
                    detail=_("всего"),
                    is_subtotal=True,
                )
            )
        rows.append(
            SummaryRow(
                pair["count"],
                pair["hours"],
                {"position": position_id, "subject": pair["subject_id"] or NO_SUBJECT},
                label=name,
                detail=pair["subject__name"] or _("Без предмета"),
            )
        )
    return rows


def _by_organization(open_now):
    rows = (
        open_now.values(
            "organization_id", "organization__short_name", "organization__municipality__name"
        )
        .annotate(**COUNTS)
        .order_by("organization__municipality__name", "organization__short_name")
    )
    return [
        SummaryRow(
            row["count"],
            row["hours"],
            {"organization": row["organization_id"]},
            label=row["organization__short_name"],
            detail=row["organization__municipality__name"],
        )
        for row in rows
    ]


# The retirement forecast ------------------------------------------------------------------------


def teaching_jobs(user, today, municipality=None, organization=None):
    """Active teaching employments in the user's scope."""
    jobs = (
        Employment.objects.visible_to(user, PERM)
        .active(today)
        .filter(position__category=PositionCategory.TEACHING)
    )
    if municipality is not None:
        jobs = jobs.filter(organization__municipality=municipality)
    if organization is not None:
        jobs = jobs.filter(organization=organization)
    return jobs


def with_reach_year(jobs, age):
    """Each job annotated with the year its person reaches `age`."""
    return jobs.annotate(
        reach_year=ExtractYear("person__birth_date") + Value(age, output_field=IntegerField())
    )


@dataclass
class ForecastCell:
    count: int
    key: str  # the year, or PAST


@dataclass
class ForecastRow:
    subject: str  # a subject id, NO_SUBJECT or "" for the total
    label: str
    cells: list
    total: int


@dataclass
class Forecast:
    age: int
    years: list
    columns: list  # (key, label)
    rows: list
    totals: ForecastRow


def retirement_forecast(user, *, age, horizon, today, municipality=None, organization=None):
    """People with an active teaching employment who reach `age` in each of the `horizon` years
    from this one, or reached it before; by subject (a person teaching two subjects is in both
    rows, once in the totals) and «Без предмета» for those whose jobs name none."""
    this_year = today.year
    years = [this_year + offset for offset in range(horizon)]
    keys = [PAST, *[str(year) for year in years]]
    # The column of a person: the year they reach the age, or last year for every earlier one.
    jobs = (
        with_reach_year(teaching_jobs(user, today, municipality, organization), age)
        .filter(reach_year__lte=years[-1])
        .annotate(bucket=Greatest("reach_year", Value(this_year - 1, output_field=IntegerField())))
    )
    people = Count("person_id", distinct=True)
    with_subject = jobs.filter(subjects__isnull=False)
    by_subject = (
        with_subject.values("subjects__id", "subjects__name", "bucket")
        .annotate(count=people)
        .order_by("subjects__order", "subjects__name")
    )
    rows = [
        _forecast_row(str(subject_id), name, keys, _by_column(cells, this_year))
        for (subject_id, name), cells in groupby(
            by_subject, key=lambda cell: (cell["subjects__id"], cell["subjects__name"])
        )
    ]
    without_subject = jobs.exclude(person_id__in=with_subject.values("person_id"))
    none_counts = _by_column(
        without_subject.values("bucket").annotate(count=people).order_by(), this_year
    )
    if none_counts:
        rows.append(_forecast_row(NO_SUBJECT, _("Без предмета"), keys, none_counts))
    total_counts = _by_column(jobs.values("bucket").annotate(count=people).order_by(), this_year)
    return Forecast(
        age=age,
        years=years,
        columns=list(zip(keys, [_("Уже достигли"), *keys[1:]], strict=True)),
        rows=rows,
        totals=_forecast_row("", _("Всего работников"), keys, total_counts),
    )


def _by_column(cells, this_year):
    """{column key: count} of grouped rows with a `bucket` and a `count`."""
    return {
        (PAST if cell["bucket"] < this_year else str(cell["bucket"])): cell["count"]
        for cell in cells
    }


def _forecast_row(subject, label, keys, counts):
    cells = [ForecastCell(counts.get(key, 0), key) for key in keys]
    return ForecastRow(subject, label, cells, sum(cell.count for cell in cells))


def retirement_people(
    user, *, age, year, subject, today, municipality=None, organization=None, horizon=None
):
    """The people behind one cell of the forecast: reaching `age` in `year` (PAST: before this
    year; None: in any column up to the horizon) and teaching `subject` (NO_SUBJECT: none; None:
    any)."""
    this_year = today.year
    jobs = with_reach_year(teaching_jobs(user, today, municipality, organization), age)
    if year == PAST:
        chosen = jobs.filter(reach_year__lt=this_year)
    elif year:
        chosen = jobs.filter(reach_year=int(year))
    else:
        chosen = jobs.filter(reach_year__lte=this_year + (horizon or DEFAULT_HORIZON) - 1)
    if subject == NO_SUBJECT:
        chosen = chosen.exclude(
            person_id__in=jobs.filter(subjects__isnull=False).values("person_id")
        )
    elif subject:
        chosen = chosen.filter(subjects=subject)
    visible_jobs = teaching_jobs(user, today, municipality, organization)
    main_job = visible_jobs.filter(person=OuterRef("pk")).order_by("-is_main", "-start_date", "pk")
    return (
        Person.objects.visible_to(user, PERM)
        .filter(pk__in=chosen.values("person_id"))
        .annotate(
            reach_year=ExtractYear("birth_date") + Value(age, output_field=IntegerField()),
            organization_name=Subquery(main_job.values("organization__short_name")[:1]),
            position_name=Subquery(main_job.values("position__name")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "employments",
                visible_jobs.prefetch_related("subjects").order_by("-is_main", "start_date"),
                to_attr="teaching_jobs",
            )
        )
    )
