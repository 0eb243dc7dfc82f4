"""Publications, competitions and expert activity on hand-built data (see test_indicators.py
for the world)."""

from datetime import date

import pytest

from profrost.achievements.models import ExpertActivity, Publication
from tests.achievements.factories import CompetitionFactory, ParticipationFactory
from tests.monitoring.test_indicators import build_world, counts, hire, values


@pytest.fixture
def world(db):
    return build_world()


def publish(person, level, year=2025):
    return Publication.objects.create(
        person=person, title="Статья", edition="Методический вестник", level=level, year=year
    )


def test_published_counts_authors_by_level_of_the_edition(world):
    t1 = hire(world.a1)
    publish(t1, "municipal")
    publish(t1, "regional")
    publish(hire(world.a1), "federal", 2024)  # another year
    publish(hire(world.a2), "international")
    t4 = hire(world.b1)
    publish(t4, "regional")
    publish(t4, "municipal", 2026)
    publish(hire(world.c1), "municipal")  # another region
    publish(hire(world.a2, end=date(2025, 3, 31)), "municipal")  # left before the last day
    # All levels: t1 (А1), the international author (А2), t4 (Б1).
    assert values(world.period, "published_count") == counts(1, 1, 1, 2, 1, 3)
    assert values(world.period, "published_municipal_count") == counts(1, 0, 0, 1, 0, 1)
    assert values(world.period, "published_regional_count") == counts(1, 0, 1, 1, 1, 2)
    assert values(world.period, "published_federal_count") == counts(0, 1, 0, 1, 0, 1)


def test_competition_participation_and_winners(world):
    regional = CompetitionFactory(region=world.region, year=2025)
    municipal = CompetitionFactory(region=world.region, level="municipal", year=2025)
    earlier = CompetitionFactory(region=world.region, year=2024)
    t1 = hire(world.a1)
    ParticipationFactory(competition=regional, person=t1)
    ParticipationFactory(competition=municipal, person=t1, result="winner")
    ParticipationFactory(competition=earlier, person=hire(world.a1), result="prize")
    ParticipationFactory(competition=regional, person=hire(world.a2), result="laureate")
    ParticipationFactory(competition=regional, person=hire(world.b1))
    neighbours = CompetitionFactory(region=world.other, year=2025)
    ParticipationFactory(competition=neighbours, person=hire(world.c1), result="winner")
    # Took part in 2025: t1 (twice, once counted), the laureate of А2, the participant of Б1.
    assert values(world.period, "competition_participation") == counts(1, 1, 1, 2, 1, 3)
    # Awarded in 2025: t1 (winner) and the laureate.
    assert values(world.period, "competition_winners") == counts(1, 1, 0, 2, 0, 2)


def expert(person, started, ended=None):
    return ExpertActivity.objects.create(
        person=person,
        kind="jury",
        direction="Математика",
        body="Жюри конкурса «Учитель года»",
        level="municipal",
        started_on=started,
        ended_on=ended,
    )


def test_experts_count_counts_activity_overlapping_the_period(world):
    expert(hire(world.a1), date(2024, 9, 1))  # still going
    expert(hire(world.a1), date(2023, 1, 1), date(2024, 12, 31))  # over before
    expert(hire(world.a2), date(2025, 6, 30))  # from the last day
    expert(hire(world.b1), date(2025, 7, 1))  # after
    expert(hire(world.b1), date(2024, 1, 1), date(2025, 1, 1))  # to the first day
    expert(hire(world.c1), date(2024, 9, 1))  # another region
    assert values(world.period, "experts_count") == counts(1, 1, 1, 2, 1, 3)
