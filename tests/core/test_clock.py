"""Date-sensitive services read one clock (`timezone.localdate()`), so a test can move it. Each
is run with the clock moved to generated days (hypothesis) near the boundaries that break date
arithmetic — birthdays, 29 February, month ends — and compared with a definition written here
from the rule itself, not with the code's own helpers."""

import calendar
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profrost.demo.monitoring import demo_periods, half_years_before
from profrost.programs.models import Cohort, Enrollment, Program
from profrost.programs.selectors import teachers_without_training
from profrost.registry.models import Attestation, AttestationCategory, Employment, Person
from profrost.registry.selectors import attestation_due
from profrost.routes.selectors import overdue_checkpoints
from profrost.staffing.selectors import PAST, retirement_forecast
from tests import factories
from tests.routes.factories import CheckpointFactory

DAYS = st.dates(min_value=date(2001, 1, 1), max_value=date(2090, 12, 31))
# A few days either side of an anniversary: where «under 35» or «3 years» flips.
NEAR = st.integers(min_value=-3, max_value=3)
EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@contextmanager
def clock_at(day):
    """The clock at noon of `day`, and every row written inside undone afterwards, so each
    generated example starts from the same database."""
    moment = timezone.make_aware(datetime.combine(day, time(12)))
    with time_machine.travel(moment, tick=False), transaction.atomic():
        assert timezone.localdate() == day
        yield
        transaction.set_rollback(True)


def years_back(day, years, shift=0):
    """`day` moved `years` back, 29 February landing on 28 February, then `shift` days."""
    year = day.year - years
    last = calendar.monthrange(year, day.month)[1]
    return date(year, day.month, min(day.day, last)) + timedelta(days=shift)


def full_years(start, day):
    """Whole years from `start` to `day`: the anniversary must have come."""
    return day.year - start.year - ((day.month, day.day) < (start.month, start.day))


def months_ahead(day, months):
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@pytest.fixture
def superuser(db):
    return factories.UserFactory(is_superuser=True)


@EXAMPLES
@given(today=DAYS, age=st.integers(20, 50), career=st.integers(0, 6), near=NEAR, shift=NEAR)
def test_young_specialists_on_any_day(db, today, age, career, near, shift):
    with clock_at(today):
        person = factories.PersonFactory(
            birth_date=years_back(today, age, near), career_start=years_back(today, career, shift)
        )
        young = full_years(person.birth_date, today) < 35 and (
            full_years(person.career_start, today) < 3
        )
        assert Person.objects.young_specialists().filter(pk=person.pk).exists() == young
        assert person.is_young_specialist() == young


@EXAMPLES
@given(today=DAYS, years=st.integers(0, 7), near=st.integers(-200, 200))
def test_attestation_in_force_and_due_on_any_day(db, superuser, today, years, near):
    with clock_at(today):
        decided = years_back(today, years, near)
        attestation = factories.AttestationFactory(
            category=AttestationCategory.COMPLIANCE, decision_date=decided
        )
        ends = date(decided.year + 5, decided.month, 1) + timedelta(days=decided.day - 1)
        if (decided.month, decided.day) == (2, 29) and not calendar.isleap(decided.year + 5):
            ends = date(decided.year + 5, 2, 28)
        assert attestation.valid_until == ends
        in_force = decided <= today <= ends
        assert Attestation.objects.in_force().filter(pk=attestation.pk).exists() == in_force
        due = ends <= months_ahead(today, 6)
        assert attestation_due(superuser).filter(pk=attestation.pk).exists() == due


@EXAMPLES
@given(today=DAYS, due=st.integers(-5, 5), done=st.booleans())
def test_overdue_checkpoints_on_any_day(db, today, due, done):
    with clock_at(today):
        checkpoint = CheckpointFactory(
            due_on=today + timedelta(days=due), done_on=today if done else None
        )
        overdue = not done and due < 0
        assert overdue_checkpoints().filter(pk=checkpoint.pk).exists() == overdue
        assert checkpoint.is_overdue == overdue


@EXAMPLES
@given(today=DAYS, years=st.integers(1, 5), near=NEAR, trained=st.booleans())
def test_no_training_for_three_years_on_any_day(db, today, years, near, trained):
    with clock_at(today):
        job = factories.EmploymentFactory(start_date=today - timedelta(days=4000))
        completed = years_back(today, years, near)
        if trained:
            program = Program.objects.create(title="ПК", kind="pk", hours=36, form="distance")
            cohort = Cohort.objects.create(
                program=program,
                starts_on=completed - timedelta(days=30),
                ends_on=completed,
                capacity=30,
            )
            Enrollment.objects.create(
                cohort=cohort, person=job.person, status="completed", completed_on=completed
            )
        # Seed 003: ПК at least once in three years; one exactly three years ago still counts.
        listed = not trained or completed < years_back(today, 3)
        found = teachers_without_training(Employment.objects.all()).filter(pk=job.person_id)
        assert found.exists() == listed


@EXAMPLES
@given(today=DAYS, age=st.integers(55, 70), near=NEAR)
def test_retirement_forecast_on_any_day(db, superuser, today, age, near):
    with clock_at(today):
        born = years_back(today, age, near)
        factories.EmploymentFactory(
            person__birth_date=born, start_date=today - timedelta(days=4000)
        )
        forecast = retirement_forecast(superuser, age=65, horizon=5, today=timezone.localdate())
        reaches = born.year + 65
        column = PAST if reaches < today.year else str(reaches)
        counts = {cell.key: cell.count for cell in forecast.totals.cells if cell.count}
        assert counts == ({column: 1} if reaches <= today.year + 4 else {})


@given(today=DAYS)
def test_demo_periods_on_any_day(today):
    periods = demo_periods(today)
    halves = half_years_before(today)
    assert [(start, end) for start, end, _so_far in periods[:2]] == halves
    for start, end, _so_far in periods:
        assert start.day == 1
        assert start.month in (1, 7)
        assert start <= end <= today
    # The half-years follow each other without a gap, the last ends before today's begins.
    assert halves[0][1] + timedelta(days=1) == halves[1][0]
    assert halves[1][1] < today
    current = periods[2:] and periods[2]
    if current:
        assert current[1] == today
        assert current[2]
        assert (today - current[0]).days >= 120
    else:
        assert (today - (halves[1][1] + timedelta(days=1))).days < 120
