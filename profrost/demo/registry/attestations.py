"""The demo attestations: the category each person holds, by career, and its history."""

from datetime import timedelta

from profrost.core.dates import add_years
from profrost.registry.models import (
    ATTESTATION_ORDER_START,
    Attestation,
    AttestationCategory,
    Position,
    attestation_valid_until,
)

Category = AttestationCategory

# The category held, by years of career: (at least, weights of none, compliance, first,
# highest), tuned to about 35 % highest, 30 % first, 20 % compliance of all staff.
CATEGORY_ODDS = [
    (20, (5, 19, 34, 42)),
    (10, (7, 23, 37, 33)),
    (5, (10, 38, 40, 12)),
    (2, (30, 45, 25, 0)),
    (0, (1, 0, 0, 0)),
]
CATEGORIES = [None, Category.COMPLIANCE, Category.FIRST, Category.HIGHEST]
# Of the holders of the highest category, the share also holding each of the new ones.
NEW_CATEGORY_SHARE = 0.06


def create_attestations(rng, today, staff):
    positions = {position.name: position for position in Position.objects.all()}
    attestations, highest = [], []
    for job in staff:
        made = attest(rng, today, job.person, positions.get(job.slot.position))
        attestations += made
        if made and made[-1].category == Category.HIGHEST:
            highest.append(made[-1])
    attestations += new_categories(rng, today, highest)
    for attestation in attestations:
        attestation.valid_until = attestation_valid_until(
            attestation.category, attestation.decision_date
        )
    Attestation.objects.bulk_create(attestations)


def attest(rng, today, person, position):
    """The person's attestations, oldest first: the category held now, and for some holders of
    the highest the first category before it."""
    career = person.career_start
    years = (today - career).days / 365.25
    odds = next(weights for minimum, weights in CATEGORY_ODDS if years >= minimum)
    category = rng.choices(CATEGORIES, odds)[0]
    position = position if position and not position.is_management else None
    if category is None:
        return []
    five_years_ago = add_years(today, -5)
    first, last = five_years_ago + timedelta(days=1), today - timedelta(days=14)
    if category == Category.COMPLIANCE and rng.random() < 0.05:
        # Overdue: the five years have run out and there is no new decision yet.
        first, last = five_years_ago - timedelta(days=150), five_years_ago - timedelta(days=1)
    first = max(first, add_years(career, 4 if category == Category.HIGHEST else 2))
    if first > last:
        return []
    decided = _day_between(rng, first, last)
    made = [_attestation(rng, person, category, decided, position)]
    if category == Category.HIGHEST and rng.random() < 0.6:
        before = add_years(decided, -rng.randint(3, 5)) - timedelta(days=rng.randint(0, 90))
        if before >= add_years(career, 2):
            made.insert(0, _attestation(rng, person, Category.FIRST, before, position))
    return made


def new_categories(rng, today, highest):
    """«Педагог-методист» and «педагог-наставник», only for holders of the highest category on
    the decision date, and only after the order of 2023 introduced them."""
    made = []
    eligible = list(highest)
    for category in (Category.METHODIST, Category.MENTOR):
        count = max(1, round(len(highest) * NEW_CATEGORY_SHARE))
        for base in rng.sample(eligible, min(count, len(eligible))):
            eligible.remove(base)
            first = max(base.decision_date + timedelta(days=180), ATTESTATION_ORDER_START)
            last = today - timedelta(days=14)
            valid_until = attestation_valid_until(base.category, base.decision_date)
            if valid_until is not None:
                last = min(last, valid_until)
            if first <= last:
                made.append(
                    _attestation(rng, base.person, category, _day_between(rng, first, last), None)
                )
    return made


def _attestation(rng, person, category, decided, position):
    regional = category != Category.COMPLIANCE
    number = f"{rng.randint(100, 1900)}" if regional else f"{rng.randint(3, 150)}-к"
    return Attestation(
        person=person,
        category=category,
        decision_date=decided,
        order_number=number,
        position=position,
    )


def _day_between(rng, first, last):
    return first + timedelta(days=rng.randint(0, (last - first).days))
