"""Scoring of an attempt: plain functions over plain data, so that tests can reason about them.

An item's score lies between 0 and its maximum:
- single choice: the points of the chosen option; the maximum is the best option's points;
- multiple choice: the sum of the chosen options' points (wrong options may be negative), kept
  within 0 and the sum of the positive points;
- scale: the distance of the answer from the low end (from the high end for a reverse scale);
- number: the item's points when the answer is within the tolerance of the correct number;
- free text: not scored.

A competence's score is the weighted sum of the scores of its items, its maximum the weighted sum
of their maxima; an unanswered item counts as zero. The percentage sets the level by the
instrument's thresholds.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)

DEFICIT, PARTIAL, PROFICIENT = "deficit", "partial", "proficient"


@dataclass(frozen=True)
class ScoredItem:
    id: int
    kind: str
    options: dict = field(default_factory=dict)  # option id → points
    scale_min: int = 1
    scale_max: int = 5
    reverse: bool = False
    correct_number: Decimal | None = None
    tolerance: Decimal = ZERO
    points: Decimal = Decimal(1)
    links: tuple = ()  # (competence id, weight)


@dataclass(frozen=True)
class Response:
    options: tuple = ()
    number: Decimal | None = None
    text: str = ""


@dataclass(frozen=True)
class CompetenceScore:
    score: Decimal
    max_score: Decimal
    percent: Decimal
    level: str


def item_max(item):
    if item.kind == "single":
        return max([ZERO, *item.options.values()])
    if item.kind == "multiple":
        return sum((points for points in item.options.values() if points > 0), ZERO)
    if item.kind == "scale":
        return Decimal(item.scale_max - item.scale_min)
    if item.kind == "number":
        return item.points
    return ZERO


def item_score(item, response):
    if response is None:
        return ZERO
    if item.kind in ("single", "multiple"):
        chosen = [option for option in dict.fromkeys(response.options) if option in item.options]
        if item.kind == "single":
            chosen = chosen[:1]
        total = sum((item.options[option] for option in chosen), ZERO)
        return min(max(total, ZERO), item_max(item))
    if item.kind == "scale":
        if response.number is None:
            return ZERO
        value = min(max(Decimal(response.number), item.scale_min), item.scale_max)
        return Decimal(item.scale_max) - value if item.reverse else value - item.scale_min
    if item.kind == "number":
        if response.number is None or item.correct_number is None:
            return ZERO
        close = abs(Decimal(response.number) - item.correct_number) <= item.tolerance
        return item.points if close else ZERO
    return ZERO


def level_for(percent, deficit_below, proficient_from):
    if percent < deficit_below:
        return DEFICIT
    if percent < proficient_from:
        return PARTIAL
    return PROFICIENT


def percent_of(score, max_score):
    return (score * HUNDRED / max_score).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def score_attempt(items, responses, deficit_below, proficient_from):
    """Competence id → CompetenceScore; competences whose items can give no points are left out."""
    totals = {}
    for item in items:
        maximum = item_max(item)
        if maximum <= 0:
            continue
        score = item_score(item, responses.get(item.id))
        for competence, weight in item.links:
            got, most = totals.get(competence, (ZERO, ZERO))
            totals[competence] = (got + weight * score, most + weight * maximum)
    results = {}
    for competence, (score, maximum) in totals.items():
        percent = percent_of(score, maximum)
        results[competence] = CompetenceScore(
            score=score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            max_score=maximum.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            percent=percent,
            level=level_for(percent, deficit_below, proficient_from),
        )
    return results
