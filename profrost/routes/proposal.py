"""The proposal of an individual educational route: activities that cover a person's deficits.

A pure function over plain data; `services.build_route` feeds it from the database and
docs/routes.md explains the rule to users. In short:

1. Candidates. A cohort is a candidate when it starts after `today` (and no later than the end of
   the route when one is given), its program fits the person — a program with positions fits
   when the person holds one of them, a program with subjects when the person teaches one of
   them, a program with neither fits everyone — and it addresses the competence of at least one
   open deficit. Of each program only its earliest candidate cohort is kept: a later one costs
   the same, covers the same and starts later.
2. Choice of programs. A deficit weighs 2 at the level «дефицит», 1 at «частично
   сформирована». The chosen set, within the hours budget, covers the greatest weight; among such
   sets it has the lowest effective cost, where a program of the Федеральный реестр costs its
   hours and any other 1.5 × its hours (so the registry is preferred unless another program is
   under two thirds of its length); then the earliest starts (fewest days from today, summed);
   then the fewest hours. With at most `EXACT_LIMIT` deficits the choice is exact: a dynamic
   programme over the subsets of deficits that keeps, per subset, the Pareto frontier of (cost,
   hours, days). Beyond that it is greedy: repeatedly the program with the most newly covered
   weight per unit of effective cost that still fits the budget.
3. Other activities. A deficit that no chosen program covers is sent to another activity:
   mentoring when the person is a young specialist with a mentor; «горизонтальное обучение» in a
   methodical association at the level «частично сформирована»; an internship (стажировка) at an
   internship site when one is known; else the earliest upcoming methodical event addressing the
   competence when there is one; otherwise self-education. Deficits sent to the same activity
   share one item. The items' hours come out of what the programs left of the budget, so the
   total never exceeds it. Such deficits are reported as not covered by programs.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction

EXACT_LIMIT = 12

# The values of models.ActivityKind; kept here so that this module needs no Django.
PROGRAM = "program"
INTERNSHIP = "internship"
EVENT = "event"
MENTORING = "mentoring"
HORIZONTAL = "horizontal"
SELF_EDUCATION = "self_education"

DEFICIT, PARTIAL = "deficit", "partial"
SEVERITY = {DEFICIT: 2, PARTIAL: 1}

# Effective cost in halves of an hour: a registry hour costs 2, another hour 3 (× 1.5).
REGISTRY_COST, OTHER_COST = 2, 3

# Planned hours of the activities other than programs, before the budget trims them.
DEFAULT_HOURS = {MENTORING: 10, HORIZONTAL: 8, INTERNSHIP: 16, EVENT: 4, SELF_EDUCATION: 8}


@dataclass(frozen=True)
class DeficitIn:
    id: int
    competence_id: int
    level: str = DEFICIT

    @property
    def severity(self):
        return SEVERITY.get(self.level, 1)


@dataclass(frozen=True)
class CohortIn:
    cohort_id: int
    program_id: int
    starts_on: date
    hours: int
    registry: bool = False
    competences: dict = field(default_factory=dict)  # competence id → weight
    ends_on: date | None = None
    positions: frozenset = frozenset()  # the program's audience; empty: everyone
    subjects: frozenset = frozenset()

    @property
    def cost(self):
        return self.hours * (REGISTRY_COST if self.registry else OTHER_COST)


@dataclass(frozen=True)
class PersonIn:
    positions: frozenset = frozenset()
    subjects: frozenset = frozenset()
    young: bool = False
    mentor_id: int | None = None


@dataclass(frozen=True)
class EventIn:
    id: int
    title: str
    starts_on: date
    competences: frozenset = frozenset()
    hours: int | None = None
    ends_on: date | None = None
    url: str = ""


@dataclass(frozen=True)
class ProposedItem:
    kind: str
    deficit_ids: tuple
    competence_ids: tuple
    hours: int
    program_id: int | None = None
    cohort_id: int | None = None
    registry: bool = False
    event_id: int | None = None
    mentor_id: int | None = None
    link_title: str = ""
    link_url: str = ""
    starts_on: date | None = None
    ends_on: date | None = None


@dataclass(frozen=True)
class Proposal:
    items: tuple
    covered: tuple  # deficit ids covered by programs
    uncovered: tuple  # deficit ids not covered by programs
    no_program: tuple  # of those, the ones no candidate program addresses at all
    program_hours: int
    hours: int
    budget: int
    exact: bool

    @property
    def program_items(self):
        return tuple(item for item in self.items if item.kind == PROGRAM)

    @property
    def other_items(self):
        return tuple(item for item in self.items if item.kind != PROGRAM)


# Candidates ---------------------------------------------------------------------------------


def fits(cohort, person):
    """A program without an audience fits everyone."""
    if cohort.positions and not cohort.positions & person.positions:
        return False
    return not (cohort.subjects and not cohort.subjects & person.subjects)


def candidates(deficits, cohorts, person, today, until=None):
    """The earliest fitting cohort of each program that addresses a deficit, earliest first."""
    wanted = {deficit.competence_id for deficit in deficits}
    earliest = {}
    for cohort in cohorts:
        if cohort.starts_on <= today or (until is not None and cohort.starts_on > until):
            continue
        if cohort.hours <= 0 or not wanted & set(cohort.competences) or not fits(cohort, person):
            continue
        known = earliest.get(cohort.program_id)
        if known is None or (cohort.starts_on, cohort.cohort_id) < (
            known.starts_on,
            known.cohort_id,
        ):
            earliest[cohort.program_id] = cohort
    return sorted(earliest.values(), key=lambda c: (c.starts_on, c.program_id, c.cohort_id))


def cover_mask(cohort, deficits):
    mask = 0
    for index, deficit in enumerate(deficits):
        if deficit.competence_id in cohort.competences:
            mask |= 1 << index
    return mask


def weight_of(mask, deficits):
    return sum(deficit.severity for index, deficit in enumerate(deficits) if mask >> index & 1)


# Solvers: each returns the chosen candidates ---------------------------------------------------


@dataclass(frozen=True)
class _State:
    cost: int
    hours: int
    days: int
    chosen: tuple  # indices into the candidates

    def dominates(self, other):
        return self.cost <= other.cost and self.hours <= other.hours and self.days <= other.days


def _insert(frontier, state):
    if any(kept.dominates(state) for kept in frontier):
        return
    frontier[:] = [kept for kept in frontier if not state.dominates(kept)]
    frontier.append(state)


def solve_exact(deficits, cands, budget, today):
    """Dynamic programme over subsets of deficits; exact for the lexicographic objective."""
    masks = [cover_mask(cohort, deficits) for cohort in cands]
    states = {0: [_State(0, 0, 0, ())]}
    for mask in range(1 << len(deficits)):
        for state in states.get(mask, ()):
            for index, cohort in enumerate(cands):
                grown = mask | masks[index]
                hours = state.hours + cohort.hours
                if grown == mask or hours > budget:
                    continue
                days = state.days + (cohort.starts_on - today).days
                _insert(
                    states.setdefault(grown, []),
                    _State(state.cost + cohort.cost, hours, days, (*state.chosen, index)),
                )
    best = min(
        (
            (-weight_of(mask, deficits), state.cost, state.days, state.hours, state.chosen)
            for mask, frontier in states.items()
            for state in frontier
        ),
    )
    return [cands[index] for index in sorted(best[-1])]


def solve_greedy(deficits, cands, budget, today):
    """The most newly covered weight per unit of effective cost, while the budget allows."""
    masks = [cover_mask(cohort, deficits) for cohort in cands]
    covered, left, chosen = 0, budget, []
    while True:
        best_key, best_index = None, None
        for index, cohort in enumerate(cands):
            gain = weight_of(masks[index] & ~covered, deficits)
            if index in chosen or gain == 0 or cohort.hours > left:
                continue
            key = (-Fraction(gain, cohort.cost), cohort.cost, cohort.starts_on, cohort.program_id)
            if best_key is None or key < best_key:
                best_key, best_index = key, index
        if best_index is None:
            return [cands[index] for index in sorted(chosen)]
        chosen.append(best_index)
        covered |= masks[best_index]
        left -= cands[best_index].hours


# The proposal ---------------------------------------------------------------------------------


def order_deficits(deficits):
    """The most severe first, then as given."""
    return sorted(deficits, key=lambda deficit: -deficit.severity)


def propose(
    deficits,
    cohorts,
    person,
    budget,
    today,
    *,
    starts_on=None,
    ends_on=None,
    events=(),
    internship_site="",
):
    """The proposed items for `deficits` (DeficitIn) from `cohorts` (CohortIn), see the module
    docstring. `starts_on`–`ends_on` is the route's period: the latest start of a cohort, and the
    dates of the other activities."""
    deficits = order_deficits(deficits)
    cands = candidates(deficits, cohorts, person, today, ends_on)
    exact = len(deficits) <= EXACT_LIMIT
    solver = solve_exact if exact else solve_greedy
    chosen = solver(deficits, cands, budget, today) if cands and budget > 0 else []

    items, covered = program_items(chosen, deficits)
    program_hours = sum(cohort.hours for cohort in chosen)
    addressable = {c for cohort in cands for c in cohort.competences}
    uncovered = [d for d in deficits if d.id not in covered]
    others = [
        other_activity(
            deficit,
            person,
            today,
            starts_on=starts_on,
            ends_on=ends_on,
            events=events,
            internship_site=internship_site,
        )
        for deficit in uncovered
    ]
    others, left = within_hours(merge_alike(others), budget - program_hours)
    return Proposal(
        items=tuple(items + others),
        covered=tuple(covered),
        uncovered=tuple(d.id for d in uncovered),
        no_program=tuple(d.id for d in uncovered if d.competence_id not in addressable),
        program_hours=program_hours,
        hours=budget - left,
        budget=budget,
        exact=exact,
    )


def program_items(chosen, deficits):
    """One item per chosen cohort with the deficits it addresses, and the ids of the deficits
    covered, in the order first met."""
    items, covered = [], []
    for cohort in chosen:
        addressed = [d for d in deficits if d.competence_id in cohort.competences]
        covered += [d.id for d in addressed if d.id not in covered]
        items.append(
            ProposedItem(
                kind=PROGRAM,
                deficit_ids=tuple(d.id for d in addressed),
                competence_ids=tuple(dict.fromkeys(d.competence_id for d in addressed)),
                hours=cohort.hours,
                program_id=cohort.program_id,
                cohort_id=cohort.cohort_id,
                registry=cohort.registry,
                starts_on=cohort.starts_on,
                ends_on=cohort.ends_on,
            )
        )
    return items, covered


def within_hours(items, left):
    """The items with their hours cut, in order, to the `left` hours of the budget; and what is
    left after them."""
    fitted = []
    for item in items:
        hours = max(0, min(item.hours, left))
        left -= hours
        fitted.append(replace(item, hours=hours))
    return fitted, left


def merge_alike(items):
    """One item per activity: the deficits sent to the same mentor, internship site, event,
    association or self-education are addressed by one item, in the order first met."""
    merged = {}
    for item in items:
        key = (item.kind, item.event_id, item.mentor_id, item.link_title)
        known = merged.get(key)
        if known is None:
            merged[key] = item
        else:
            merged[key] = replace(
                known,
                deficit_ids=known.deficit_ids + item.deficit_ids,
                competence_ids=tuple(dict.fromkeys(known.competence_ids + item.competence_ids)),
            )
    return list(merged.values())


def other_activity(deficit, person, today, *, starts_on, ends_on, events, internship_site):
    """The activity for a deficit that no chosen program covers (rule 3 of the module doc)."""
    base = {
        "deficit_ids": (deficit.id,),
        "competence_ids": (deficit.competence_id,),
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    if person.young and person.mentor_id:
        return ProposedItem(
            kind=MENTORING, hours=DEFAULT_HOURS[MENTORING], mentor_id=person.mentor_id, **base
        )
    if deficit.level == PARTIAL:
        return ProposedItem(kind=HORIZONTAL, hours=DEFAULT_HOURS[HORIZONTAL], **base)
    if internship_site:
        return ProposedItem(
            kind=INTERNSHIP,
            hours=DEFAULT_HOURS[INTERNSHIP],
            link_title=internship_site,
            **base,
        )
    event = next(
        (
            event
            for event in sorted(events, key=lambda e: (e.starts_on, e.id))
            if deficit.competence_id in event.competences
            and event.starts_on > today
            and (ends_on is None or event.starts_on <= ends_on)
        ),
        None,
    )
    if event is not None:
        return ProposedItem(
            kind=EVENT,
            hours=event.hours or DEFAULT_HOURS[EVENT],
            event_id=event.id,
            link_title=event.title,
            link_url=event.url,
            **{**base, "starts_on": event.starts_on, "ends_on": event.ends_on or event.starts_on},
        )
    return ProposedItem(kind=SELF_EDUCATION, hours=DEFAULT_HOURS[SELF_EDUCATION], **base)
