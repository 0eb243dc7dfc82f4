"""The instruments shipped with the product (migration 0002) and how they score end to end."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps

from profrost.competences.models import Competence
from profrost.diagnostics import services
from profrost.diagnostics.models import CompetenceResult, Deficit, Instrument, Item
from profrost.diagnostics.shipped import burnout_subscale_orders
from tests import factories

pytestmark = pytest.mark.django_db

SHIPPED = ["methodical-test", "young-difficulties", "burnout-screening"]


def load_framework(apps):
    import_module("profrost.competences.migrations.0002_default_framework").load(apps, None)


def load_instruments(apps):
    import_module("profrost.diagnostics.migrations.0002_shipped_instruments").load(apps, None)


def shipped(code):
    return Instrument.objects.get(code=code)


def items_of(code):
    return list(shipped(code).items.order_by("order").prefetch_related("options", "links"))


@pytest.fixture
def taker(region):
    """A teacher with a login, and a way to give them a running campaign of an instrument."""
    person = factories.EmploymentFactory(
        organization__municipality__region=region, person__last_name="Скринингова"
    ).person
    user = factories.teacher_user(person)

    def attempt_for(code):
        campaign = factories.CampaignFactory(
            title=f"Диагностика {code}", instrument=shipped(code), region=region
        )
        return factories.AttemptFactory(campaign=campaign, person=person)

    return {"person": person, "user": user, "attempt_for": attempt_for}


def results_of(person):
    return {
        result.competence.code: (result.score, result.max_score, result.percent, result.level)
        for result in CompetenceResult.objects.filter(person=person).select_related("competence")
    }


def correct_answer(item):
    """The answer a fully competent teacher gives: every option with points, the exact number."""
    if item.kind == "number":
        return {"number": item.correct_number}
    return {"options": [option.pk for option in item.options.all() if option.points > 0]}


# The shipped content --------------------------------------------------------------------------


def test_shipped_instruments_are_published_for_every_region():
    rows = Instrument.objects.filter(code__in=SHIPPED).values_list(
        "code", "kind", "status", "region", "deficit_below", "proficient_from"
    )
    assert sorted(rows) == [
        ("burnout-screening", "questionnaire", "published", None, 50, 75),
        ("methodical-test", "test", "published", None, 50, 75),
        ("young-difficulties", "questionnaire", "published", None, 50, 75),
    ]


def test_shipped_instruments_item_counts_by_kind():
    counts = {
        code: sorted(
            (kind, shipped(code).items.filter(kind=kind).count())
            for kind in set(shipped(code).items.values_list("kind", flat=True))
        )
        for code in SHIPPED
    }
    assert counts == {
        "methodical-test": [("multiple", 4), ("number", 1), ("single", 18)],
        "young-difficulties": [("scale", 16), ("text", 2)],
        "burnout-screening": [("scale", 15)],
    }


def test_shipped_scored_items_are_tied_to_a_competence_and_text_items_to_none():
    untied = []
    for item in Item.objects.filter(instrument__code__in=SHIPPED).prefetch_related("links"):
        links = len(item.links.all())
        if (item.kind == "text" and links) or (item.kind != "text" and not 1 <= links <= 2):
            untied.append((item.instrument.code, item.order))
    assert untied == []


def test_shipped_choice_items_have_an_option_with_positive_points():
    items = Item.objects.filter(instrument__code__in=SHIPPED, kind__in=["single", "multiple"])
    without = [
        item.order
        for item in items.prefetch_related("options")
        if not any(option.points > 0 for option in item.options.all())
    ]
    assert without == []
    # A single-choice item has exactly one right option worth 1 point.
    singles = items.filter(kind="single").prefetch_related("options")
    assert {tuple(sorted(o.points for o in item.options.all())) for item in singles} == {
        (Decimal(0), Decimal(0), Decimal(0), Decimal(1))
    }


def test_shipped_methodical_test_measures_methodical_psychological_and_communicative_groups():
    groups = set(
        shipped("methodical-test")
        .items.values_list("links__competence__group__code", flat=True)
        .distinct()
    )
    assert groups == {"MET", "PSY", "COM"}


def test_shipped_items_and_options_pass_model_validation():
    for item in Item.objects.filter(instrument__code__in=SHIPPED).prefetch_related("options"):
        item.full_clean()
        for option in item.options.all():
            option.full_clean()


def test_shipped_young_difficulties_scales_are_reversed_one_to_five():
    scales = set(
        shipped("young-difficulties")
        .items.filter(kind="scale")
        .values_list("scale_min", "scale_max", "reverse", "scale_min_label", "scale_max_label")
    )
    assert scales == {(1, 5, True, "не испытываю затруднений", "испытываю постоянно")}


def test_shipped_burnout_items_tie_the_burnout_competence_with_subscale_weights():
    orders = burnout_subscale_orders()
    assert orders == {
        "exhaustion": [1, 4, 7, 10, 13],
        "detachment": [2, 5, 8, 11, 14],
        "achievement": [3, 6, 9, 12, 15],
    }
    rows = {
        item.order: (
            item.scale_min,
            item.scale_max,
            item.reverse,
            link.competence.code,
            link.weight,
        )
        for item in items_of("burnout-screening")
        for link in item.links.select_related("competence")
    }
    expected = {}
    for subscale, reverse, weight in [
        ("exhaustion", True, Decimal(2)),
        ("detachment", True, Decimal(1)),
        ("achievement", False, Decimal(1)),
    ]:
        for order in orders[subscale]:
            expected[order] = (0, 6, reverse, "PSY.05", weight)
    assert rows == expected


def test_shipped_data_migrations_run_again_change_nothing():
    texts = list(Item.objects.filter(instrument__code__in=SHIPPED).values_list("text", flat=True))
    competences = list(Competence.objects.values_list("code", "parent__code", "name"))
    load_framework(apps)
    load_instruments(apps)
    assert (
        list(Item.objects.filter(instrument__code__in=SHIPPED).values_list("text", flat=True))
        == texts
    )
    assert list(Competence.objects.values_list("code", "parent__code", "name")) == competences
    assert Instrument.objects.filter(code__in=SHIPPED).count() == 3


def test_shipped_data_migration_keeps_items_of_an_answered_instrument(taker):
    attempt = taker["attempt_for"]("methodical-test")
    first = items_of("methodical-test")[0]
    services.save_answer(attempt, first, by=taker["user"], **correct_answer(first))
    pks = list(shipped("methodical-test").items.values_list("pk", flat=True))
    load_instruments(apps)
    assert list(shipped("methodical-test").items.values_list("pk", flat=True)) == pks


# Scoring through the real services -----------------------------------------------------------


def test_burnout_screening_mixed_answers_score_as_computed_by_hand(taker):
    attempt = taker["attempt_for"]("burnout-screening")
    answers = {
        # Exhaustion, reversed (6 − answer), weight 2: scores 2+3+1+4+5 = 15 → 30 of 60.
        "exhaustion": [4, 3, 5, 2, 1],
        # Detachment, reversed, weight 1: scores 5+6+4+5+6 = 26 → 26 of 30.
        "detachment": [1, 0, 2, 1, 0],
        # Achievement, as answered, weight 1: 3+4+2+5+1 = 15 → 15 of 30.
        "achievement": [3, 4, 2, 5, 1],
    }
    # PSY.05: (30 + 26 + 15) / (60 + 30 + 30) = 71 / 120 = 59.17 → 59.2 %, partial (50–74 %).
    value_of = {
        order: value
        for subscale, orders in burnout_subscale_orders().items()
        for order, value in zip(orders, answers[subscale], strict=True)
    }
    for item in items_of("burnout-screening"):
        services.save_answer(attempt, item, by=taker["user"], number=value_of[item.order])
    services.submit_attempt(attempt, by=taker["user"])
    assert results_of(taker["person"]) == {
        "PSY.05": (Decimal("71.00"), Decimal("120.00"), Decimal("59.2"), "partial")
    }
    deficit = Deficit.objects.get(person=taker["person"])
    assert (deficit.competence.code, deficit.level, deficit.status) == ("PSY.05", "partial", "open")


def test_burnout_screening_middle_of_the_scale_is_the_deficit_threshold(taker):
    attempt = taker["attempt_for"]("burnout-screening")
    # Every answer 3: exhaustion 5 × 3 × 2 = 30, detachment 5 × 3 = 15, achievement 5 × 3 = 15;
    # 60 / 120 = 50.0 %, which is not below 50: partial, not deficit.
    for item in items_of("burnout-screening"):
        services.save_answer(attempt, item, by=taker["user"], number=3)
    services.submit_attempt(attempt, by=taker["user"])
    assert results_of(taker["person"]) == {
        "PSY.05": (Decimal("60.00"), Decimal("120.00"), Decimal("50.0"), "partial")
    }


def test_burnout_screening_worst_answers_give_zero_and_a_deficit(taker):
    attempt = taker["attempt_for"]("burnout-screening")
    worst = {"exhaustion": 6, "detachment": 6, "achievement": 0}
    subscale_of = {
        order: subscale
        for subscale, orders in burnout_subscale_orders().items()
        for order in orders
    }
    for item in items_of("burnout-screening"):
        value = worst[subscale_of[item.order]]
        services.save_answer(attempt, item, by=taker["user"], number=value)
    services.submit_attempt(attempt, by=taker["user"])
    assert results_of(taker["person"]) == {
        "PSY.05": (Decimal("0.00"), Decimal("120.00"), Decimal("0.0"), "deficit")
    }


# Maximum score per competence of the methodical test, by hand from shipped.json (item number:
# weight × item maximum; a multiple item's maximum is its count of correct options).
METHODICAL_MAXIMA = {
    "MET.01": Decimal(6),  # 1: 2×1, 2: 1×3, 3: 1×1
    "MET.02": Decimal(4),  # 4: 2×1, 5: 1×1, 6: 1×1
    "MET.02.1": Decimal(1),  # 5
    "MET.02.2": Decimal(1),  # 6
    "MET.03.1": Decimal(5),  # 7: 2×1, 8: 1×3
    "MET.03.2": Decimal(2),  # 9, 10 (number, 1 point)
    "MET.04": Decimal(2),  # 11, 12
    "MET.05": Decimal(4),  # 13: 2×1, 14: 1×1, 18: 1×1
    "PSY.01": Decimal(3),  # 14: 2×1, 15: 1×1
    "PSY.02.1": Decimal(5),  # 16: 2×2, 17: 1×1
    "PSY.02.2": Decimal(1),  # 18
    "PSY.04": Decimal(5),  # 19: 2×1, 20: 1×3
    "COM.01": Decimal(3),  # 21: 1×1, 22: 2×1
    "COM.02": Decimal(2),  # 19: 1×1, 23: 1×1
}


def test_methodical_test_all_correct_is_proficient_everywhere(taker):
    attempt = taker["attempt_for"]("methodical-test")
    for item in items_of("methodical-test"):
        services.save_answer(attempt, item, by=taker["user"], **correct_answer(item))
    services.submit_attempt(attempt, by=taker["user"])
    assert results_of(taker["person"]) == {
        code: (maximum, maximum, Decimal("100.0"), "proficient")
        for code, maximum in METHODICAL_MAXIMA.items()
    }
    assert Deficit.objects.filter(person=taker["person"]).count() == 0


def test_methodical_test_nothing_answered_is_a_deficit_everywhere(taker):
    attempt = taker["attempt_for"]("methodical-test")
    services.submit_attempt(attempt, by=taker["user"])
    assert results_of(taker["person"]) == {
        code: (Decimal(0), maximum, Decimal("0.0"), "deficit")
        for code, maximum in METHODICAL_MAXIMA.items()
    }
    assert Deficit.objects.filter(person=taker["person"], status="open").count() == 14


def test_methodical_test_every_option_ticked_loses_points_on_multiple_items(taker):
    attempt = taker["attempt_for"]("methodical-test")
    for item in items_of("methodical-test"):
        answer = correct_answer(item)
        if item.kind == "multiple":
            answer = {"options": [option.pk for option in item.options.all()]}
        services.save_answer(attempt, item, by=taker["user"], **answer)
    services.submit_attempt(attempt, by=taker["user"])
    results = results_of(taker["person"])
    # Item 2: 3 right − 2 wrong = 1; item 8: 3 − 2 = 1; item 16: 2 − 2 = 0; item 20: 3 − 2 = 1.
    assert {code: results[code] for code in ["MET.01", "MET.03.1", "PSY.02.1", "PSY.04"]} == {
        "MET.01": (Decimal(4), Decimal(6), Decimal("66.7"), "partial"),  # 2 + 1 + 1
        "MET.03.1": (Decimal(3), Decimal(5), Decimal("60.0"), "partial"),  # 2 + 1
        "PSY.02.1": (Decimal(1), Decimal(5), Decimal("20.0"), "deficit"),  # 2×0 + 1
        "PSY.04": (Decimal(3), Decimal(5), Decimal("60.0"), "partial"),  # 2 + 1
    }


def test_young_difficulties_lower_score_for_more_frequent_difficulty(taker):
    attempt = taker["attempt_for"]("young-difficulties")
    for item in items_of("young-difficulties"):
        if item.kind == "text":
            services.save_answer(attempt, item, by=taker["user"], text="Помощь с дисциплиной")
            continue
        planning = item.links.get().competence.code == "MET.01"
        # MET.01 (items 1 and 2): «5 — постоянно» → 5 − 5 = 0 of 4 each; the rest «2 — редко»
        # → 5 − 2 = 3 of 4 = 75 %.
        services.save_answer(attempt, item, by=taker["user"], number=5 if planning else 2)
    services.submit_attempt(attempt, by=taker["user"])
    results = results_of(taker["person"])
    assert len(results) == 15  # 16 scale items over 15 competences; free text is not scored
    assert results.pop("MET.01") == (Decimal(0), Decimal(8), Decimal("0.0"), "deficit")
    assert set(results.values()) == {(Decimal(3), Decimal(4), Decimal("75.0"), "proficient")}
