"""The route proposal on crafted cases and on generated ones (profrost/routes/proposal.py)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from profrost.routes import proposal
from profrost.routes.models import ActivityKind
from profrost.routes.proposal import CohortIn, DeficitIn, EventIn, PersonIn, propose

TODAY = date(2025, 3, 1)
TEACHER = PersonIn(positions=frozenset({1}), subjects=frozenset({10}))


def cohort(program_id, competences, hours=36, registry=True, start=10, **extra):
    return CohortIn(
        cohort_id=program_id * 100 + start,
        program_id=program_id,
        starts_on=TODAY + timedelta(days=start),
        ends_on=TODAY + timedelta(days=start + 30),
        hours=hours,
        registry=registry,
        competences=dict.fromkeys(competences, 1),
        **extra,
    )


def chosen_programs(result):
    return sorted(item.program_id for item in result.program_items)


# Crafted cases of the done-when list -----------------------------------------------------------


def test_propose_covers_every_deficit_the_catalogue_can_cover():
    deficits = [DeficitIn(1, 101), DeficitIn(2, 102, "partial"), DeficitIn(3, 103)]
    cohorts = [cohort(1, [101, 102], hours=36), cohort(2, [103], hours=24), cohort(3, [102])]

    result = propose(deficits, cohorts, TEACHER, budget=72, today=TODAY)

    assert sorted(result.covered) == [1, 2, 3]
    assert result.uncovered == ()
    assert chosen_programs(result) == [1, 2]
    assert result.program_hours == 60


def test_propose_prefers_registry_programs_of_equal_length():
    deficits = [DeficitIn(1, 101)]
    cohorts = [cohort(1, [101], registry=False, start=5), cohort(2, [101], registry=True)]

    result = propose(deficits, cohorts, TEACHER, budget=72, today=TODAY)

    assert chosen_programs(result) == [2]
    assert result.items[0].registry is True


def test_propose_prefers_registry_unless_another_is_under_two_thirds_of_its_length():
    deficits = [DeficitIn(1, 101)]
    shorter = [cohort(1, [101], hours=72, registry=True), cohort(2, [101], 36, registry=False)]
    close = [cohort(1, [101], hours=72, registry=True), cohort(2, [101], 60, registry=False)]

    assert chosen_programs(propose(deficits, shorter, TEACHER, 100, TODAY)) == [2]
    assert chosen_programs(propose(deficits, close, TEACHER, 100, TODAY)) == [1]


def test_propose_respects_the_hours_budget():
    deficits = [DeficitIn(1, 101), DeficitIn(2, 102), DeficitIn(3, 103, "partial")]
    cohorts = [
        cohort(1, [101, 102, 103], hours=144),  # covers all but is over the budget
        cohort(2, [101], hours=36),
        cohort(3, [102], hours=36),
        cohort(4, [103], hours=36),
    ]

    result = propose(deficits, cohorts, TEACHER, budget=72, today=TODAY)

    # Two of the three short programs fit: the two deficits of weight 2.
    assert chosen_programs(result) == [2, 3]
    assert result.uncovered == (3,)
    assert result.no_program == ()
    assert result.program_hours == 72
    assert result.hours == 72
    assert [item.hours for item in result.other_items] == [0]


def test_propose_gives_a_deficit_no_program_covers_another_activity_and_reports_it():
    deficits = [DeficitIn(1, 101), DeficitIn(2, 999)]
    cohorts = [cohort(1, [101], hours=36)]

    result = propose(deficits, cohorts, TEACHER, budget=72, today=TODAY)

    assert result.covered == (1,)
    assert result.uncovered == (2,)
    assert result.no_program == (2,)
    [other] = result.other_items
    assert other.kind == proposal.SELF_EDUCATION
    assert other.deficit_ids == (2,)
    assert other.hours == 8
    assert result.hours == 44


# The rule of the other activities --------------------------------------------------------------


def test_other_activity_is_mentoring_for_a_young_specialist_with_a_mentor():
    young = PersonIn(young=True, mentor_id=7)

    result = propose([DeficitIn(1, 999)], [], young, 72, TODAY)

    assert [(item.kind, item.mentor_id) for item in result.items] == [(proposal.MENTORING, 7)]


def test_other_activity_is_horizontal_learning_for_a_partial_level():
    result = propose([DeficitIn(1, 999, "partial")], [], TEACHER, 72, TODAY)

    assert [item.kind for item in result.items] == [proposal.HORIZONTAL]


def test_other_activity_is_an_internship_when_a_site_is_known():
    result = propose([DeficitIn(1, 999)], [], TEACHER, 72, TODAY, internship_site="Школа № 5")

    assert [(item.kind, item.link_title) for item in result.items] == [
        (proposal.INTERNSHIP, "Школа № 5")
    ]


def test_other_activity_is_the_earliest_upcoming_event_on_the_competence():
    events = [
        EventIn(1, "Прошедший семинар", TODAY - timedelta(days=3), frozenset({999})),
        EventIn(2, "Поздний семинар", TODAY + timedelta(days=40), frozenset({999})),
        EventIn(3, "Ранний семинар", TODAY + timedelta(days=20), frozenset({999}), hours=6),
        EventIn(4, "Не о том", TODAY + timedelta(days=5), frozenset({555})),
    ]

    result = propose([DeficitIn(1, 999)], [], TEACHER, 72, TODAY, events=events)

    [item] = result.items
    assert (item.kind, item.event_id, item.hours) == (proposal.EVENT, 3, 6)


def test_activity_kinds_of_the_proposal_are_the_models_choices():
    kinds = {
        proposal.PROGRAM,
        proposal.INTERNSHIP,
        proposal.EVENT,
        proposal.MENTORING,
        proposal.HORIZONTAL,
        proposal.SELF_EDUCATION,
    }

    assert kinds == set(ActivityKind.values)


# Candidates -------------------------------------------------------------------------------------


def test_candidates_skip_started_cohorts_and_those_after_the_route():
    deficits = [DeficitIn(1, 101)]
    cohorts = [
        cohort(1, [101], start=0),  # starts today: too late to enrol
        cohort(2, [101], start=200),  # after the route
        cohort(3, [101], start=30, registry=False),
    ]

    result = propose(deficits, cohorts, TEACHER, 72, TODAY, ends_on=TODAY + timedelta(days=90))

    assert chosen_programs(result) == [3]


def test_candidates_keep_programs_that_fit_the_audience():
    deficits = [DeficitIn(1, 101)]
    cohorts = [
        cohort(1, [101], positions=frozenset({2})),  # for another position
        cohort(2, [101], subjects=frozenset({11})),  # for another subject
        cohort(3, [101], positions=frozenset({1}), subjects=frozenset({10, 11}), hours=60),
    ]

    result = propose(deficits, cohorts, TEACHER, 72, TODAY)

    assert chosen_programs(result) == [3]


def test_candidates_take_the_earliest_cohort_of_a_program():
    deficits = [DeficitIn(1, 101)]
    cohorts = [cohort(1, [101], start=60), cohort(1, [101], start=20)]

    result = propose(deficits, cohorts, TEACHER, 72, TODAY)

    assert [item.cohort_id for item in result.items] == [120]


def test_propose_prefers_the_earlier_start_at_equal_cost():
    deficits = [DeficitIn(1, 101)]
    cohorts = [cohort(1, [101], start=60), cohort(2, [101], start=20)]

    assert chosen_programs(propose(deficits, cohorts, TEACHER, 72, TODAY)) == [2]


def test_propose_goes_greedy_beyond_the_exact_limit():
    deficits = [DeficitIn(n, 100 + n) for n in range(1, 15)]
    cohorts = [cohort(n, [100 + n], hours=8) for n in range(1, 15)]

    result = propose(deficits, cohorts, TEACHER, 72, TODAY)

    assert result.exact is False
    assert len(result.program_items) == 9
    assert result.program_hours == 72


# Generated cases ------------------------------------------------------------------------------

levels = st.sampled_from(["deficit", "partial"])
competence_ids = st.integers(min_value=1, max_value=8)


@st.composite
def cases(draw, max_deficits=proposal.EXACT_LIMIT):
    competences = draw(st.lists(competence_ids, min_size=1, max_size=max_deficits, unique=True))
    deficits = [
        DeficitIn(index + 1, competence, draw(levels))
        for index, competence in enumerate(competences)
    ]
    cohorts = [
        CohortIn(
            cohort_id=index + 1,
            program_id=draw(st.integers(min_value=1, max_value=12)),
            starts_on=TODAY + timedelta(days=draw(st.integers(min_value=-10, max_value=120))),
            hours=draw(st.integers(min_value=1, max_value=80)),
            registry=draw(st.booleans()),
            competences=dict.fromkeys(draw(st.sets(competence_ids, min_size=1, max_size=4)), 1),
        )
        for index in range(draw(st.integers(min_value=0, max_value=10)))
    ]
    budget = draw(st.integers(min_value=0, max_value=200))
    return deficits, cohorts, budget


@settings(max_examples=150, deadline=None)
@given(cases())
def test_propose_never_exceeds_the_budget(case):
    deficits, cohorts, budget = case

    result = propose(deficits, cohorts, TEACHER, budget, TODAY)

    assert result.program_hours <= budget
    assert sum(item.hours for item in result.items) == result.hours
    assert result.hours <= budget


@settings(max_examples=150, deadline=None)
@given(cases())
def test_propose_chooses_only_programs_that_cover_a_deficit(case):
    deficits, cohorts, budget = case
    wanted = {deficit.competence_id for deficit in deficits}
    by_cohort = {cohort.cohort_id: cohort for cohort in cohorts}

    result = propose(deficits, cohorts, TEACHER, budget, TODAY)

    for item in result.program_items:
        assert item.deficit_ids
        assert wanted & set(by_cohort[item.cohort_id].competences)
    assert sorted(result.covered + result.uncovered) == sorted(d.id for d in deficits)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_exact_solver_covers_at_least_as_much_as_the_greedy_one(case):
    deficits, cohorts, budget = case
    cands = proposal.candidates(deficits, cohorts, TEACHER, TODAY)

    def weight(chosen):
        mask = 0
        for cohort in chosen:
            mask |= proposal.cover_mask(cohort, deficits)
        return proposal.weight_of(mask, deficits)

    exact = proposal.solve_exact(deficits, cands, budget, TODAY)
    greedy = proposal.solve_greedy(deficits, cands, budget, TODAY)

    assert weight(exact) >= weight(greedy)
    assert sum(cohort.hours for cohort in exact) <= budget
    assert sum(cohort.hours for cohort in greedy) <= budget


def test_deficits_sent_to_the_same_activity_share_one_item():
    deficits = [
        DeficitIn(1, 101),
        DeficitIn(2, 102, "partial"),
        DeficitIn(3, 103),
        DeficitIn(4, 104, "partial"),
    ]

    result = propose(deficits, [], TEACHER, 72, TODAY, internship_site="Гимназия № 16")

    assert [(item.kind, item.deficit_ids, item.hours) for item in result.items] == [
        (proposal.INTERNSHIP, (1, 3), 16),
        (proposal.HORIZONTAL, (2, 4), 8),
    ]
