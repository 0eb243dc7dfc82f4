"""The automatic balancing as a pure function (crafted cases and properties), and the plain data
the selectors feed it from the database."""

import random
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from profrost.methodists import selectors
from profrost.methodists.balancing import (
    Failure,
    Match,
    MethodistSeat,
    Placement,
    Teacher,
    Unplaced,
    propose,
)
from tests import factories
from tests.methodists.factories import AssignmentFactory, methodist_in, region_methodist

REGION, OTHER_REGION = 1, 2
TOWN, VILLAGE = 10, 20
MATH, PHYSICS, HISTORY = 100, 200, 300


def teacher(pk, municipality=TOWN, *subjects, region=REGION):
    return Teacher(pk, region, municipality, frozenset(subjects))


def seat(pk, municipality=TOWN, *subjects, load=0, cap=250, region=REGION):
    return MethodistSeat(pk, region, municipality, frozenset(subjects), load, cap)


def placed(proposal):
    return {p.teacher_id: p.methodist_id for p in proposal.placements}


# Crafted cases ---------------------------------------------------------------------------------


def test_balancing_keeps_teachers_in_their_municipality():
    proposal = propose([teacher(1, TOWN), teacher(2, VILLAGE)], [seat(7, TOWN), seat(8, VILLAGE)])

    assert placed(proposal) == {1: 7, 2: 8}


def test_balancing_never_crosses_into_another_region():
    proposal = propose([teacher(1, TOWN, region=OTHER_REGION)], [seat(7, None)])

    assert proposal.placements == ()
    assert proposal.unplaced == (Unplaced(1, Failure.NO_METHODIST),)


def test_balancing_prefers_a_shared_subject_over_a_lighter_load():
    proposal = propose(
        [teacher(1, TOWN, MATH)], [seat(7, TOWN, HISTORY), seat(8, TOWN, MATH, load=200)]
    )

    assert proposal.placements == (Placement(1, 8, Match.SUBJECT),)


def test_balancing_takes_a_region_wide_methodist_sharing_a_subject_before_a_local_one():
    proposal = propose([teacher(1, TOWN, MATH)], [seat(7, TOWN, HISTORY), seat(8, None, MATH)])

    assert proposal.placements == (Placement(1, 8, Match.SUBJECT),)


def test_balancing_then_a_methodist_of_the_municipality_then_a_region_wide_one():
    seats = [seat(7, None, HISTORY), seat(8, TOWN, HISTORY, cap=1)]

    proposal = propose([teacher(1, TOWN, MATH), teacher(2, TOWN, PHYSICS)], seats)

    assert proposal.placements == (
        Placement(1, 8, Match.MUNICIPALITY),
        Placement(2, 7, Match.REGION),
    )


def test_balancing_prefers_the_least_loaded_against_the_cap():
    seats = [seat(7, TOWN, MATH, load=50, cap=100), seat(8, TOWN, MATH, load=90, cap=250)]

    proposal = propose([teacher(1, TOWN, MATH)], seats)

    assert placed(proposal) == {1: 8}


def test_balancing_spreads_evenly_between_equal_methodists():
    teachers = [teacher(pk, TOWN, MATH) for pk in range(1, 11)]

    proposal = propose(teachers, [seat(7, TOWN, MATH), seat(8, TOWN, MATH, load=4)])

    assert proposal.loads == {7: 7, 8: 7}


def test_balancing_never_exceeds_the_cap():
    teachers = [teacher(pk, TOWN, MATH) for pk in range(1, 6)]

    proposal = propose(teachers, [seat(7, TOWN, MATH, load=247, cap=250), seat(8, TOWN, cap=1)])

    assert proposal.loads == {7: 250, 8: 1}
    assert [u.reason for u in proposal.unplaced] == [Failure.FULL]


def test_balancing_gives_nothing_to_a_methodist_already_over_the_cap():
    proposal = propose([teacher(1, TOWN)], [seat(7, TOWN, load=260)])

    assert proposal.placements == ()
    assert proposal.unplaced == (Unplaced(1, Failure.FULL),)
    assert proposal.loads == {7: 260}


def test_balancing_reports_why_a_teacher_was_left_out():
    proposal = propose(
        [teacher(1, TOWN), teacher(2, VILLAGE)], [seat(7, TOWN, load=250), seat(8, 30)]
    )

    assert proposal.unplaced == (Unplaced(1, Failure.FULL), Unplaced(2, Failure.NO_METHODIST))
    assert [str(Failure(u.reason).label) for u in proposal.unplaced] == [
        "Все методисты муниципалитета педагога и региональные методисты загружены до предела",
        "В муниципалитете педагога и в регионе нет методистов актива",
    ]


def test_balancing_places_the_most_constrained_teachers_first():
    # Teacher 2 of the village has only the region-wide methodist; teacher 1 would rather have
    # them too (a shared subject) but can also go to the methodist of the town.
    teachers = [teacher(1, TOWN, MATH), teacher(2, VILLAGE)]
    seats = [seat(7, TOWN, HISTORY, cap=1), seat(8, None, MATH, cap=1)]

    proposal = propose(teachers, seats)

    assert proposal.placements == (
        Placement(1, 7, Match.MUNICIPALITY),
        Placement(2, 8, Match.REGION),
    )


def test_balancing_is_deterministic_whatever_the_order_of_the_input():
    rng = random.Random(5)
    teachers = [
        teacher(pk, rng.choice([TOWN, VILLAGE]), rng.choice([MATH, PHYSICS, HISTORY]))
        for pk in range(1, 80)
    ]
    seats = [seat(7, TOWN, MATH, cap=20), seat(8, VILLAGE, PHYSICS, cap=15), seat(9, None, cap=30)]
    first = propose(teachers, seats)

    for _ in range(5):
        rng.shuffle(teachers)
        rng.shuffle(seats)
        again = propose(teachers, seats)
        assert (again.placements, again.unplaced, again.loads) == (
            first.placements,
            first.unplaced,
            first.loads,
        )
        assert again.digest() == first.digest()


def test_balancing_digest_changes_with_the_placements():
    one = propose([teacher(1)], [seat(7), seat(8, load=1)])
    other = propose([teacher(1)], [seat(7, load=1), seat(8)])

    assert one.digest() != other.digest()


# Properties ------------------------------------------------------------------------------------

municipalities = st.sampled_from([TOWN, VILLAGE, 30])
subject_sets = st.frozensets(st.sampled_from([MATH, PHYSICS, HISTORY]), max_size=2)


@st.composite
def worlds(draw):
    teacher_count = draw(st.integers(0, 60))
    teachers = [
        Teacher(
            pk,
            draw(st.sampled_from([REGION, OTHER_REGION])),
            draw(municipalities),
            draw(subject_sets),
        )
        for pk in range(1, teacher_count + 1)
    ]
    seat_count = draw(st.integers(0, 6))
    seats = []
    for pk in range(1000, 1000 + seat_count):
        cap = draw(st.integers(1, 12))
        seats.append(
            MethodistSeat(
                pk,
                draw(st.sampled_from([REGION, OTHER_REGION])),
                draw(st.one_of(st.none(), municipalities)),
                draw(subject_sets),
                draw(st.integers(0, cap + 2)),
                cap,
            )
        )
    return teachers, seats


def serves(methodist, teacher):
    return methodist.region_id == teacher.region_id and methodist.municipality_id in (
        None,
        teacher.municipality_id,
    )


@settings(max_examples=200, deadline=None)
@given(worlds())
def test_balancing_property_no_methodist_goes_above_the_cap(world):
    teachers, seats = world
    proposal = propose(teachers, seats)

    added = Counter(p.methodist_id for p in proposal.placements)
    for methodist in seats:
        assert proposal.loads[methodist.id] == methodist.load + added[methodist.id]
        if added[methodist.id]:
            assert proposal.loads[methodist.id] <= methodist.cap


@settings(max_examples=200, deadline=None)
@given(worlds())
def test_balancing_property_every_assignment_respects_the_municipality(world):
    teachers, seats = world
    proposal = propose(teachers, seats)

    by_id = {m.id: m for m in seats}
    by_teacher = {t.id: t for t in teachers}
    for placement in proposal.placements:
        assert serves(by_id[placement.methodist_id], by_teacher[placement.teacher_id])


@settings(max_examples=200, deadline=None)
@given(worlds())
def test_balancing_property_each_teacher_placed_or_explained_once(world):
    teachers, seats = world
    proposal = propose(teachers, seats)

    ids = [p.teacher_id for p in proposal.placements] + [u.teacher_id for u in proposal.unplaced]
    assert sorted(ids) == sorted(t.id for t in teachers)


@settings(max_examples=200, deadline=None)
@given(worlds())
def test_balancing_property_a_worse_match_only_when_the_better_ones_are_full(world):
    teachers, seats = world
    proposal = propose(teachers, seats)

    # Loads only grow, so a methodist full at the end was full when a teacher was passed over.
    full = {m.id for m in seats if proposal.loads[m.id] >= m.cap}
    by_teacher = {t.id: t for t in teachers}
    for placement in proposal.placements:
        person = by_teacher[placement.teacher_id]
        serving = [m for m in seats if serves(m, person)]
        sharing = [m for m in serving if m.subject_ids & person.subject_ids]
        if placement.match != Match.SUBJECT:
            assert {m.id for m in sharing} <= full
        if placement.match == Match.REGION:
            assert {m.id for m in serving if m.municipality_id is not None} <= full
    for item in proposal.unplaced:
        serving = [m for m in seats if serves(m, by_teacher[item.teacher_id])]
        if item.reason == Failure.FULL:
            assert serving
            assert {m.id for m in serving} <= full
        else:
            assert serving == []


# The data from the database --------------------------------------------------------------------


@pytest.fixture
def world(two_orgs):
    factories.subject("Физика")
    math = methodist_in(two_orgs["org_a"], "Математика", last_name="Математикова")
    wide = region_methodist(two_orgs["org_b"], "Физика", last_name="Широкова", load_cap=100)
    two_orgs["person_a"].employments.get().subjects.set([factories.subject("Математика")])
    assigned = factories.EmploymentFactory(organization=two_orgs["org_a"]).person
    AssignmentFactory(methodist=wide, person=assigned)
    return {"math": math, "wide": wide, **two_orgs}


def test_balancing_teachers_are_the_unassigned_with_main_job_and_subjects(world, regional_admin):
    teachers = selectors.balancing_teachers(regional_admin)

    mun_a, mun_b = world["mun_a"].pk, world["mun_b"].pk
    region = world["mun_a"].region_id
    math = factories.subject("Математика").pk
    assert sorted(teachers, key=lambda t: t.id) == [
        Teacher(world["person_a"].pk, region, mun_a, frozenset({math})),
        Teacher(world["person_b"].pk, region, mun_b, frozenset()),
    ]


def test_balancing_methodists_carry_their_load_and_cap(world, regional_admin):
    seats = sorted(selectors.balancing_methodists(regional_admin), key=lambda s: s.id)

    region = world["mun_a"].region_id
    assert seats == [
        MethodistSeat(
            world["math"].pk,
            region,
            world["mun_a"].pk,
            frozenset({factories.subject("Математика").pk}),
            0,
            250,
        ),
        MethodistSeat(
            world["wide"].pk, region, None, frozenset({factories.subject("Физика").pk}), 1, 100
        ),
    ]


def test_balancing_data_for_one_municipality(world, regional_admin):
    mun_b = world["mun_b"]

    teachers = selectors.balancing_teachers(regional_admin, mun_b)
    seats = selectors.balancing_methodists(regional_admin, mun_b)

    assert [t.id for t in teachers] == [world["person_b"].pk]
    assert [s.id for s in seats] == [world["wide"].pk]


def test_balancing_data_queries_do_not_grow_with_teachers(world, regional_admin):
    selectors.balancing_teachers(regional_admin)  # the user's roles are read once
    with CaptureQueriesContext(connection) as few:
        selectors.balancing_teachers(regional_admin)
    for _ in range(5):
        factories.EmploymentFactory(organization=world["org_a"])
    with CaptureQueriesContext(connection) as more:
        assert len(selectors.balancing_teachers(regional_admin)) == 7

    assert len(more) == len(few)
