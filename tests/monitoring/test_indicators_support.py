"""The regional methodists' load, events and associations on hand-built data (see
test_indicators.py for the world)."""

from datetime import date

import pytest

from profrost.methodists.models import Methodist, MethodistAssignment
from profrost.network.models import Association, Event, Participation
from tests import factories
from tests.monitoring.test_indicators import (
    END,
    D,
    build_world,
    counts,
    hire,
    moment,
    values,
)


@pytest.fixture
def world(db):
    return build_world()


def methodist(region, municipality=None, included=date(2024, 1, 1), excluded=None):
    return Methodist.objects.create(
        person=factories.PersonFactory(),
        region=region,
        municipality=municipality,
        included_on=included,
        excluded_on=excluded,
    )


def assign(to, number=1, starts=date(2024, 9, 1), ends=None, position="Учитель"):
    """`number` people holding `position` (None: no job) assigned to the methodist `to`."""
    for _ in range(number):
        person = (
            factories.EmploymentFactory(position=factories.position(position)).person
            if position
            else factories.PersonFactory()
        )
        MethodistAssignment.objects.create(
            methodist=to, person=person, starts_on=starts, ends_on=ends
        )


def test_load_per_methodist_teachers_per_active_methodist(world):
    assign(methodist(world.region), 3)  # region-wide: counts for the region only
    in_a = methodist(world.region, world.mun_a)
    assign(in_a, 2)
    assign(in_a, ends=date(2025, 3, 31))  # moved away before the last day
    assign(in_a, ends=END)  # moved away on the last day: no longer counts
    gone = methodist(world.region, world.mun_a, excluded=END)  # excluded on the last day
    assign(gone, 4, ends=END)
    assign(methodist(world.region, world.mun_b, included=date(2025, 7, 1)), starts=date(2025, 7, 1))
    methodist(world.region, world.mun_b)  # active, nobody assigned yet
    assign(methodist(world.other), 2)  # another region
    # Город А: 2 teachers, 1 methodist; Район Б: 0 teachers, 1 methodist;
    # region: 3 + 2 = 5 teachers, 3 methodists = 1.67.
    assert values(world.period, "load_per_methodist") == {
        "Город А": (D(2), D(1), D(2)),
        "Район Б": (D(0), D(1), D(0)),
        "Тестовая область": (D(5), D(3), D("1.67")),
    }


def test_load_per_methodist_counts_teachers_only(world):
    in_a = methodist(world.region, world.mun_a)
    assign(in_a, 2)
    assign(in_a, position="Директор")  # a manager: not a teacher (seed 003 6.2.5)
    assign(in_a, position=None)  # no job on the last day
    # Город А: 2 teachers for 1 methodist; region: the same.
    assert values(world.period, "load_per_methodist") == {
        "Город А": (D(2), D(1), D(2)),
        "Район Б": (D(0), D(0), None),
        "Тестовая область": (D(2), D(1), D(2)),
    }


def test_load_per_methodist_without_methodists_is_empty(world):
    assign(methodist(world.region, world.mun_a, excluded=date(2024, 12, 31)), 2, ends=None)
    assert values(world.period, "load_per_methodist")["Город А"] == (D(0), D(0), None)


def association(world, kind="district_mo", level="municipality", **fields):
    fields.setdefault("region", world.region)
    fields.setdefault("founded_on", date(2020, 9, 1))
    return Association.objects.create(
        title=f"Объединение {Association.objects.count() + 1}",
        kind=kind,
        level=level,
        problem_area="Функциональная грамотность",
        **fields,
    )


def event(world, day, level="municipal", status="held", hour=10, minute=0, **fields):
    """A held event; its reach follows the organizing organization unless given."""
    reach = {"region": world.region}
    organizer = fields.get("organizer_organization")
    if organizer and level in ("school", "municipal"):
        reach["municipality"] = organizer.municipality
    if organizer and level == "school":
        reach["organization"] = organizer
    reach.update(fields.pop("reach", {}))
    return Event.objects.create(
        title=f"Семинар {Event.objects.count() + 1}",
        kind="seminar",
        level=level,
        starts_at=moment(day, hour, minute),
        ends_at=moment(day, hour + 1 if hour < 23 else hour, 59),
        place="Актовый зал",
        status=status,
        **reach,
        **fields,
    )


def events_world(world):
    """Events E1–E9 of the test below, by number."""
    shmo_a2 = association(
        world, "school_mo", "organization", municipality=world.mun_a, organization=world.a2
    )
    rmo_b = association(world, municipality=world.mun_b)
    other_org = factories.OrganizationFactory(municipality=world.mun_c)
    return {
        1: event(world, date(2025, 3, 1), organizer_organization=world.a1),
        2: event(
            world,
            date(2025, 4, 1),
            "school",
            organizer_association=shmo_a2,
            reach={"organization": world.a2, "municipality": world.mun_a},
        ),
        3: event(world, date(2025, 5, 1), "regional", organizer_organization=world.a1),
        4: event(world, date(2025, 5, 10), status="planned", organizer_organization=world.b1),
        5: event(world, date(2025, 5, 12), status="cancelled", organizer_organization=world.b1),
        6: event(world, date(2025, 7, 1), organizer_organization=world.b1),
        7: event(
            world,
            date(2025, 2, 1),
            organizer_association=rmo_b,
            reach={"municipality": world.mun_b},
        ),
        8: event(
            world,
            date(2025, 3, 1),
            organizer_organization=other_org,
            reach={"region": world.other},
        ),
        # 00:30 in Moscow on 01.01.2025 is still 31.12.2024 in UTC: the local day counts.
        9: event(world, date(2025, 1, 1), hour=0, minute=30, organizer_organization=world.b1),
    }


def test_events_count_counts_held_events_of_the_period(world):
    events_world(world)
    # Held in the period: 1, 2, 3, 7, 9 (4 planned, 5 cancelled, 6 after, 8 elsewhere).
    # А1 organized 1 and 3; А2's ШМО organized 2; Б1 organized 9; the РМО of Б (no
    # organization) 7. Город А: 1, 2 (3 is regional); Район Б: 7, 9; region: 5.
    assert values(world.period, "events_count") == counts(2, 1, 1, 2, 2, 5)


def test_events_count_in_a_municipal_period_keeps_regional_events_of_its_organizations(db):
    world = build_world("municipality")  # the period of «Город А»
    events_world(world)
    # А1 organized 1 and the regional 3: both its own, though 3 has no municipality; А2's ШМО
    # organized 2; Город А itself: 1 and 2 (3 is regional). Б1 and Район Б are outside.
    assert values(world.period, "events_count") == {
        "А1": (D(2), None, D(2)),
        "А2": (D(1), None, D(1)),
        "Город А": (D(2), None, D(2)),
    }


def test_event_participants_in_a_municipal_period_count_a_regional_event(db):
    world = build_world("municipality")
    held = events_world(world)
    Participation.objects.create(event=held[3], person=hire(world.a1), attended=True)
    Participation.objects.create(event=held[3], person=hire(world.b1), attended=True)
    # The teacher of А1 attended the regional event 3: counted for А1 and for Город А, whose
    # worker she is; the teacher of Б1 is outside the municipality.
    assert values(world.period, "event_participants") == {
        "А1": (D(1), None, D(1)),
        "А2": (D(0), None, D(0)),
        "Город А": (D(1), None, D(1)),
    }


def test_event_participants_counts_people_who_attended(world):
    held = events_world(world)
    t1 = hire(world.a1)
    Participation.objects.create(event=held[1], person=t1, attended=True)
    Participation.objects.create(event=held[3], person=t1, attended=True)  # still one person
    Participation.objects.create(event=held[1], person=hire(world.a1))  # attendance not marked
    Participation.objects.create(event=held[1], person=hire(world.a2), attended=False)
    Participation.objects.create(event=held[6], person=hire(world.b1), attended=True)  # after
    Participation.objects.create(
        event=held[1], person=hire(world.b1), role="speaker", attended=True
    )
    Participation.objects.create(event=held[1], person=hire(world.c1), attended=True)
    # А1: t1; Б1: the speaker; region: 2.
    assert values(world.period, "event_participants") == counts(1, 0, 1, 1, 1, 2)


def test_associations_count_counts_active_associations_by_level(world):
    association(world, "school_mo", "organization", municipality=world.mun_a, organization=world.a1)
    association(world, municipality=world.mun_a, founded_on=date(2024, 9, 1))
    association(
        world,
        "club",
        "organization",
        municipality=world.mun_a,
        organization=world.a2,
        is_active=False,
    )
    association(world, municipality=world.mun_b, founded_on=date(2025, 9, 1))  # after
    association(world, municipality=world.mun_b, founded_on=None)  # entered today, in 2026
    entered = association(world, municipality=world.mun_b, founded_on=None)
    Association.objects.filter(pk=entered.pk).update(created=moment(date(2024, 10, 1)))
    association(world, "regional_mo", "region")
    association(world, region=world.other, municipality=world.mun_c)
    # А1: its ШМО; Город А: the ШМО and the РМО; Район Б: the one entered in 2024;
    # region: those three and the regional association.
    assert values(world.period, "associations_count") == counts(1, 0, 0, 2, 1, 4)


def test_load_per_methodist_in_a_municipal_period_leaves_out_region_wide_methodists(db):
    world = build_world("municipality")  # the period of «Город А»
    assign(methodist(world.region), 3)
    assign(methodist(world.region, world.mun_a), 4)
    assign(methodist(world.region, world.mun_b), 5)
    assert values(world.period, "load_per_methodist") == {"Город А": (D(4), D(1), D(4))}
