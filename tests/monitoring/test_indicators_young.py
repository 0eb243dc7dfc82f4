"""Young teachers' indicators on hand-built data (see test_indicators.py for the world).

Young on 30.06.2025: born after 30.06.1990 and in the career since after 30.06.2022, both
conditions (seed 003 6.2.6). In each test: y1 and y2 teach in А1, y3 in А2, y4 in Б1; an
experienced teacher of А1, a teacher of А1 in the first years of work but over 35, one under 35
with a long career, a young head of Б1 (not a teacher) and a young teacher of another region
never count.
"""

from datetime import date

import pytest

from profrost.diagnostics.models import Attempt, Instrument
from profrost.mentoring.models import MentoringPair
from profrost.monitoring.models import MonitoringPeriod
from profrost.network.models import Association, Membership
from profrost.programs.models import Enrollment
from profrost.routes.models import Route
from tests import factories
from tests.achievements.factories import CompetitionFactory, ParticipationFactory
from tests.monitoring.test_indicators import (
    D,
    build_world,
    cohort,
    complete,
    counts,
    hire,
    moment,
    program,
    values,
    young,
)


@pytest.fixture
def world(db):
    world = build_world()
    world.update(
        y1=young(world.a1),
        y2=hire(world.a1, birth_date=date(1995, 1, 1), career_start=date(2023, 9, 1)),
        late_start=hire(world.a1, birth_date=date(1985, 1, 1), career_start=date(2023, 9, 1)),
        long_career=hire(world.a1, birth_date=date(1992, 1, 1), career_start=date(2012, 9, 1)),
        y3=young(world.a2),
        y4=young(world.b1),
        old=hire(world.a1),
        young_head=young(world.b1, position="Директор"),
        outsider=young(world.c1),
    )
    return world


def pair(mentee, organization, starts=date(2024, 9, 1), ended=None):
    return MentoringPair.objects.create(
        organization=organization,
        mentor=factories.PersonFactory(),
        mentee=mentee,
        starts_on=starts,
        planned_end_on=date(2026, 6, 30),
        status="completed" if ended else "active",
        ended_on=ended,
        result="Адаптирован" if ended else "",
    )


def test_young_supported_share_counts_mentees_of_pairs_in_the_period(world):
    pair(world.y1, world.a1)
    pair(world.y2, world.a1, starts=date(2024, 1, 1), ended=date(2024, 12, 31))  # over before
    pair(world.y4, world.b1, starts=date(2025, 7, 1))  # after
    pair(world.old, world.a1)
    pair(world.young_head, world.b1)
    pair(world.outsider, world.c1)
    # А1: y1 of y1, y2; А2: 0 of 1; Б1: 0 of 1; Город А: 1 of 3; region: 1 of 4.
    assert values(world.period, "young_supported_share") == {
        "А1": (D(1), D(2), D(50)),
        "А2": (D(0), D(1), D(0)),
        "Б1": (D(0), D(1), D(0)),
        "Город А": (D(1), D(3), D("33.33")),
        "Район Б": (D(0), D(1), D(0)),
        "Тестовая область": (D(1), D(4), D(25)),
    }


def route(person, starts=date(2025, 2, 1), ends=date(2025, 12, 31), status="agreed"):
    return Route.objects.create(
        person=person,
        title="ИОМ",
        starts_on=starts,
        ends_on=ends,
        status=status,
        agreed_on=starts if status == "agreed" else None,
    )


def young_association(world, kind="young", is_active=True):
    return Association.objects.create(
        title="Клуб молодых педагогов",
        kind=kind,
        level="region",
        region=world.region,
        problem_area="Адаптация молодых педагогов",
        is_active=is_active,
    )


def member(association, person, joined=date(2024, 9, 1), left=None):
    Membership.objects.create(
        association=association, person=person, joined_on=joined, left_on=left
    )


def course(person, status="approved", starts=date(2025, 5, 1), ends=date(2025, 8, 31)):
    Enrollment.objects.create(
        cohort=cohort(program(), starts_on=starts, ends_on=ends), person=person, status=status
    )


def test_young_supported_share_counts_a_route_in_force(world):
    route(world.y1)
    route(world.y3, starts=date(2024, 1, 1), ends=date(2024, 12, 31))  # over before
    route(world.y4, status="cancelled")
    route(world.old)
    # А1: y1 of 2; А2: 0 of 1; Б1: 0 of 1; Город А: 1 of 3; region: 1 of 4.
    assert values(world.period, "young_supported_share") == {
        "А1": (D(1), D(2), D(50)),
        "А2": (D(0), D(1), D(0)),
        "Б1": (D(0), D(1), D(0)),
        "Город А": (D(1), D(3), D("33.33")),
        "Район Б": (D(0), D(1), D(0)),
        "Тестовая область": (D(1), D(4), D(25)),
    }


def test_young_supported_share_counts_members_of_an_association_of_young_teachers(world):
    club = young_association(world)
    member(club, world.y3)
    member(club, world.y4, joined=date(2025, 6, 30))  # the last day
    member(club, world.y1, joined=date(2023, 9, 1), left=date(2024, 12, 31))  # left before
    member(young_association(world, kind="community"), world.y2)  # another kind
    member(young_association(world, is_active=False), world.y1)  # no longer active
    # А1: 0 of 2; А2: y3; Б1: y4; Город А: 1 of 3; region: 2 of 4.
    assert values(world.period, "young_supported_share") == {
        "А1": (D(0), D(2), D(0)),
        "А2": (D(1), D(1), D(100)),
        "Б1": (D(1), D(1), D(100)),
        "Город А": (D(1), D(3), D("33.33")),
        "Район Б": (D(1), D(1), D(100)),
        "Тестовая область": (D(2), D(4), D(50)),
    }


def test_young_supported_share_counts_learners_of_a_course_in_the_period(world):
    course(world.y1)  # approved, the cohort starts in the period
    course(world.y2, status="applied")  # only applied
    course(world.y3, status="completed", starts=date(2025, 1, 10), ends=date(2025, 2, 10))
    course(world.y4, status="approved", starts=date(2025, 7, 1))  # after the period
    course(world.young_head)
    # А1: y1 of 2; А2: y3; Б1: 0 of 1; Город А: 2 of 3; region: 2 of 4.
    assert values(world.period, "young_supported_share") == {
        "А1": (D(1), D(2), D(50)),
        "А2": (D(1), D(1), D(100)),
        "Б1": (D(0), D(1), D(0)),
        "Город А": (D(2), D(3), D("66.67")),
        "Район Б": (D(0), D(1), D(0)),
        "Тестовая область": (D(2), D(4), D(50)),
    }


def test_young_supported_share_counts_a_person_with_several_forms_once(world):
    pair(world.y1, world.a1)
    route(world.y1)
    member(young_association(world), world.y1)
    course(world.y1)
    assert values(world.period, "young_supported_share")["Тестовая область"] == (
        D(1),
        D(4),
        D(25),
    )


def test_young_supported_share_in_a_municipal_period(world):
    pair(world.y1, world.a1)
    route(world.y4)
    period = MonitoringPeriod.objects.create(
        title="Город А, 2025",
        level="municipality",
        region=world.region,
        municipality=world.mun_a,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 6, 30),
    )
    assert values(period, "young_supported_share") == {
        "А1": (D(1), D(2), D(50)),
        "А2": (D(0), D(1), D(0)),
        "Город А": (D(1), D(3), D("33.33")),
    }


def test_young_trained_count_counts_young_teachers_trained_in_the_period(world):
    complete(world.y1, program(), date(2025, 3, 1))
    complete(world.y3, program(), date(2024, 11, 1))  # before the period
    complete(world.y4, program("pp"), date(2025, 6, 1))
    complete(world.old, program(), date(2025, 3, 1))
    complete(world.young_head, program(), date(2025, 3, 1))
    complete(world.outsider, program(), date(2025, 3, 1))
    assert values(world.period, "young_trained_count") == counts(1, 0, 1, 1, 1, 2)


def test_young_competition_share_counts_young_participants(world):
    current = CompetitionFactory(region=world.region, year=2025)
    ParticipationFactory(competition=current, person=world.y1)
    earlier = CompetitionFactory(region=world.region, year=2024)
    ParticipationFactory(competition=earlier, person=world.y2)
    ParticipationFactory(competition=current, person=world.y3, result="winner")
    ParticipationFactory(competition=current, person=world.old)
    ParticipationFactory(competition=current, person=world.young_head)
    # А1: y1 of 2; А2: y3 of 1; Б1: 0 of 1; Город А: 2 of 3; region: 2 of 4.
    assert values(world.period, "young_competition_share") == {
        "А1": (D(1), D(2), D(50)),
        "А2": (D(1), D(1), D(100)),
        "Б1": (D(0), D(1), D(0)),
        "Город А": (D(2), D(3), D("66.67")),
        "Район Б": (D(0), D(1), D(0)),
        "Тестовая область": (D(2), D(4), D(50)),
    }


def test_young_competition_share_without_young_teachers_is_empty(db):
    world = build_world()
    hire(world.a1)
    assert values(world.period, "young_competition_share")["Тестовая область"] == (
        D(0),
        D(0),
        None,
    )


def attempt(campaign, person, submitted=None, status="submitted"):
    return Attempt.objects.create(
        campaign=campaign,
        person=person,
        status=status,
        submitted_at=moment(submitted) if submitted else None,
    )


def test_young_difficulties_monitored_counts_young_who_answered_the_survey(world):
    survey = factories.CampaignFactory(
        instrument=Instrument.objects.get(code="young-difficulties"),
        region=world.region,
        young_only=True,
    )
    test = factories.CampaignFactory(instrument=factories.InstrumentFactory(), region=world.region)
    attempt(survey, world.y1, date(2025, 3, 10))
    attempt(survey, world.y2, status="in_progress")
    attempt(survey, world.y3, date(2025, 7, 2))  # after the period
    attempt(test, world.y4, date(2025, 4, 1))  # another instrument
    attempt(survey, world.old, date(2025, 3, 10))
    attempt(survey, world.outsider, date(2025, 3, 10))
    # А1: y1 of 2; Город А: 1 of 3; region: 1 of 4.
    assert values(world.period, "young_difficulties_monitored") == {
        "А1": (D(1), D(2), D(50)),
        "А2": (D(0), D(1), D(0)),
        "Б1": (D(0), D(1), D(0)),
        "Город А": (D(1), D(3), D("33.33")),
        "Район Б": (D(0), D(1), D(0)),
        "Тестовая область": (D(1), D(4), D(25)),
    }
