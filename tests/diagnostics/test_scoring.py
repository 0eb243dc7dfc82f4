from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from profrost.diagnostics.scoring import (
    DEFICIT,
    PARTIAL,
    PROFICIENT,
    Response,
    ScoredItem,
    item_max,
    item_score,
    level_for,
    score_attempt,
)

D = Decimal


def test_scoring_hand_computed_weighted_competences():
    # Competence 1: item 1 (weight 1, max 1) and item 2 (weight 3, max 2); competence 2: item 2
    # (weight 1) and a reverse scale 1..5 (max 4).
    items = [
        ScoredItem(id=1, kind="single", options={11: D(1), 12: D(0)}, links=((1, D(1)),)),
        ScoredItem(
            id=2,
            kind="multiple",
            options={21: D(1), 22: D(1), 23: D(-1)},
            links=((1, D(3)), (2, D(1))),
        ),
        ScoredItem(id=3, kind="scale", scale_min=1, scale_max=5, reverse=True, links=((2, D(1)),)),
    ]
    responses = {
        1: Response(options=(12,)),  # 0 of 1
        2: Response(options=(21, 23, 22)),  # 1 - 1 + 1 = 1 of 2
        3: Response(number=D(2)),  # reverse: 5 - 2 = 3 of 4
    }
    result = score_attempt(items, responses, 50, 75)
    # competence 1: (1×0 + 3×1) / (1×1 + 3×2) = 3/7 = 42.9 % → deficit
    assert (result[1].score, result[1].max_score, result[1].percent) == (D(3), D(7), D("42.9"))
    assert result[1].level == DEFICIT
    # competence 2: (1 + 3) / (2 + 4) = 66.7 % → partial
    assert (result[2].score, result[2].max_score, result[2].percent) == (D(4), D(6), D("66.7"))
    assert result[2].level == PARTIAL


def test_scoring_unanswered_item_counts_as_zero():
    items = [
        ScoredItem(id=1, kind="single", options={1: D(2), 2: D(0)}, links=((7, D(1)),)),
        ScoredItem(id=2, kind="single", options={3: D(2), 4: D(0)}, links=((7, D(1)),)),
    ]
    result = score_attempt(items, {1: Response(options=(1,))}, 50, 75)
    assert (result[7].score, result[7].max_score, result[7].percent) == (D(2), D(4), D("50.0"))
    assert result[7].level == PARTIAL


def test_scoring_number_within_tolerance_and_text_not_scored():
    number = ScoredItem(
        id=1,
        kind="number",
        correct_number=D(12),
        tolerance=D("0.5"),
        points=D(2),
        links=((1, D(1)),),
    )
    text = ScoredItem(id=2, kind="text", links=((1, D(5)),))
    assert item_score(number, Response(number=D("12.4"))) == D(2)
    assert item_score(number, Response(number=D("12.6"))) == D(0)
    assert item_max(text) == 0
    result = score_attempt([number, text], {1: Response(number=D(12))}, 50, 75)
    assert (result[1].score, result[1].max_score, result[1].level) == (D(2), D(2), PROFICIENT)


def test_scoring_single_choice_counts_only_the_first_option():
    item = ScoredItem(id=1, kind="single", options={1: D(1), 2: D(3)})
    assert item_score(item, Response(options=(1, 2))) == D(1)
    assert item_score(item, Response(options=(99,))) == D(0)


def test_scoring_competence_without_scorable_items_is_left_out():
    items = [ScoredItem(id=1, kind="text", links=((1, D(1)),))]
    assert score_attempt(items, {1: Response(text="Ответ")}, 50, 75) == {}


def test_level_for_thresholds_are_inclusive_from_below():
    assert level_for(D("49.9"), 50, 75) == DEFICIT
    assert level_for(D(50), 50, 75) == PARTIAL
    assert level_for(D("74.9"), 50, 75) == PARTIAL
    assert level_for(D(75), 50, 75) == PROFICIENT


points = st.decimals(min_value=-5, max_value=5, places=2, allow_nan=False, allow_infinity=False)
weights = st.decimals(min_value="0.01", max_value=10, places=2, allow_nan=False)


@st.composite
def instruments(draw):
    items = []
    for number in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["single", "multiple", "scale", "number", "text"]))
        options = {number * 10 + index: draw(points) for index in range(draw(st.integers(1, 5)))}
        low = draw(st.integers(0, 3))
        links = tuple(
            (competence, draw(weights))
            for competence in draw(st.sets(st.integers(1, 3), min_size=1, max_size=3))
        )
        items.append(
            ScoredItem(
                id=number,
                kind=kind,
                options=options,
                scale_min=low,
                scale_max=low + draw(st.integers(1, 6)),
                reverse=draw(st.booleans()),
                correct_number=draw(points),
                tolerance=abs(draw(points)),
                points=abs(draw(points)),
                links=links,
            )
        )
    return items


@st.composite
def responses_for(draw, items):
    responses = {}
    for item in items:
        if draw(st.booleans()):
            continue  # unanswered
        chosen = draw(st.lists(st.sampled_from(sorted(item.options)), max_size=5))
        number = draw(st.decimals(min_value=-20, max_value=20, places=1, allow_nan=False))
        responses[item.id] = Response(options=tuple(chosen), number=number)
    return responses


@given(st.data())
def test_scoring_scores_stay_in_range(data):
    items = data.draw(instruments())
    responses = data.draw(responses_for(items))
    for item in items:
        assert 0 <= item_score(item, responses.get(item.id)) <= item_max(item)
    for value in score_attempt(items, responses, 50, 75).values():
        assert 0 <= value.score <= value.max_score
        assert 0 <= value.percent <= 100
        assert value.level == level_for(value.percent, 50, 75)


@given(st.data())
def test_scoring_all_unanswered_scores_zero(data):
    items = data.draw(instruments())
    for value in score_attempt(items, {}, 50, 75).values():
        assert value.score == 0
        assert value.level == DEFICIT


@given(st.data(), st.decimals(min_value="0.5", max_value=5, places=2, allow_nan=False))
def test_scoring_scaling_all_weights_keeps_percentages(data, factor):
    items = data.draw(instruments())
    responses = data.draw(responses_for(items))
    scaled = [
        ScoredItem(**{**item.__dict__, "links": tuple((c, w * factor) for c, w in item.links)})
        for item in items
    ]
    before = score_attempt(items, responses, 50, 75)
    after = score_attempt(scaled, responses, 50, 75)
    assert before.keys() == after.keys()
    for competence in before:
        assert abs(before[competence].percent - after[competence].percent) <= D("0.1")


@given(
    st.decimals(min_value=0, max_value=100, places=1, allow_nan=False),
    st.integers(1, 100),
    st.integers(1, 100),
)
def test_level_for_is_monotonic_in_percent(percent, low, high):
    low, high = min(low, high), max(low, high)
    order = [DEFICIT, PARTIAL, PROFICIENT]
    assert order.index(level_for(percent, low, high)) <= order.index(
        level_for(min(percent + 1, D(100)), low, high)
    )
