"""The populations the indicators count, and the period windows they read.

A person is counted where they work on the last day of the period: every people-counting
indicator is a queryset of places of work (`Employment`) active on that day, narrowed to the
people who did something in the period. So a share's numerator is always part of its
denominator, a person working in two organizations counts in each of them but once in their
municipality and region, and people of another region never count. Facts kept per school or
calendar year (publications, competitions, training requests) count when their year falls
within the period's years.
"""

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from profrost.core.dates import add_years
from profrost.programs.models import Enrollment, EnrollmentStatus, ProgramKind
from profrost.registry.models import Employment, Person, PositionCategory
from profrost.routes.models import Route, RouteStatus

from .base import Measure

STAFF_CATEGORIES = (PositionCategory.TEACHING, PositionCategory.MANAGEMENT)
QUALIFICATION_KINDS = (ProgramKind.PK, ProgramKind.PP)
# Seed 002 7.3 / 003 6.2.4: a management team counts as trained when it took part in a
# qualification program within the last three years (the right of art. 47 of 273-ФЗ).
TRAINING_YEARS = 3

# A measure over organizations: the organization is the row itself.
ORGANIZATION_PATHS = {
    "count": "pk",
    "organization": "pk",
    "municipality": "municipality",
    "region": "municipality__region",
}


def on_last_day(period):
    return period.ends_on


def in_period(field, period):
    """Q: a date field within the period, both ends included."""
    return Q(**{f"{field}__gte": period.starts_on, f"{field}__lte": period.ends_on})


def in_period_years(field, period):
    """Q: a year field within the calendar years the period touches."""
    return Q(**{f"{field}__gte": period.starts_on.year, f"{field}__lte": period.ends_on.year})


def overlaps_period(start, end, period):
    """Q: a span [start, end] (end empty: still going) that shares a day with the period."""
    return Q(**{f"{start}__lte": period.ends_on}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": period.starts_on})
    )


def staff(period, categories=STAFF_CATEGORIES):
    """Places of work of teachers (and managers) active on the period's last day."""
    day = on_last_day(period)
    return Employment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day),
        start_date__lte=day,
        position__category__in=categories,
    )


def teachers(period):
    return staff(period, (PositionCategory.TEACHING,))


def managers(period):
    return staff(period, (PositionCategory.MANAGEMENT,))


def young_teachers(period):
    """Teachers who are young specialists on the period's last day (under 35 or in the first
    three years of career)."""
    young = Person.objects.young_specialists(on_last_day(period)).values("pk")
    return teachers(period).filter(person__in=young)


def completed_training(period, since=None):
    """Completed enrolments in ПК and ПП programs, finished from `since` (the period's first
    day by default) to the period's last day."""
    return Enrollment.objects.filter(
        status=EnrollmentStatus.COMPLETED,
        cohort__program__kind__in=QUALIFICATION_KINDS,
        completed_on__gte=since or period.starts_on,
        completed_on__lte=period.ends_on,
    )


def training_window_start(period):
    """The first day of «the period or the last three years» up to its last day."""
    return min(period.starts_on, add_years(period.ends_on, -TRAINING_YEARS))


def routes_in_force(period):
    """Routes in force in the period, dated by their own dates: from the day they were agreed
    (a draft from its start), never by when the row was entered."""
    return (
        Route.objects.exclude(status=RouteStatus.CANCELLED)
        .annotate(since=Coalesce("agreed_on", "starts_on"))
        .filter(since__lte=period.ends_on, ends_on__gte=period.starts_on)
    )


def who(population, facts, person="person"):
    """The places of work of `population` whose person appears in `facts`."""
    return population.filter(person__in=facts.values(person))


STAFF = Measure(staff, label=_("Педагогические и руководящие работники"))
TEACHERS = Measure(teachers, label=_("Педагогические работники"))
YOUNG = Measure(young_teachers, label=_("Молодые педагоги"))
