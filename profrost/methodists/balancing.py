"""The automatic balancing of teachers among the methodists of the regional methodical asset.

A pure function over plain data, without the database: `propose(teachers, methodists)` says which
teacher goes to which methodist. A methodist works with the teachers of their municipality, or of
the whole region when they have none; nobody is given more teachers than their cap (seed 003
6.2.5: no more than 250). For each teacher, in order of preference:

1. a methodist of the teacher's municipality or a region-wide one who shares a subject;
2. any methodist of the teacher's municipality;
3. any region-wide methodist;

and among those the least loaded (load against cap), a municipal one before a region-wide one,
then the lower id. Teachers with the fewest possible methodists are placed first, so that the
scarce places go to those who have no other. The result depends only on the data, never on the
order it came in.
"""

import hashlib
from dataclasses import dataclass, field
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _


class Match(models.TextChoices):
    SUBJECT = "subject", _("Общий предмет")
    MUNICIPALITY = "municipality", _("Методист муниципалитета без общего предмета")
    REGION = "region", _("Региональный методист без общего предмета")


class Failure(models.TextChoices):
    NO_METHODIST = "no_methodist", _("В муниципалитете педагога и в регионе нет методистов актива")
    FULL = (
        "full",
        _("Все методисты муниципалитета педагога и региональные методисты загружены до предела"),
    )


@dataclass(frozen=True)
class Teacher:
    id: int
    region_id: int
    municipality_id: int
    subject_ids: frozenset = frozenset()


@dataclass(frozen=True)
class MethodistSeat:
    """A methodist as the balancing sees them: where they work, what subjects, how loaded."""

    id: int
    region_id: int
    municipality_id: int | None
    subject_ids: frozenset = frozenset()
    load: int = 0
    cap: int = 250

    @property
    def region_wide(self):
        return self.municipality_id is None


@dataclass(frozen=True)
class Placement:
    teacher_id: int
    methodist_id: int
    match: str


@dataclass(frozen=True)
class Unplaced:
    teacher_id: int
    reason: str


@dataclass(frozen=True)
class Proposal:
    placements: tuple = ()
    unplaced: tuple = ()
    loads: dict = field(default_factory=dict)  # methodist id → load after the proposal

    def digest(self):
        """A fingerprint of the placements: the page applies only what the user has seen."""
        text = ";".join(f"{p.teacher_id}:{p.methodist_id}" for p in self.placements)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def propose(teachers, methodists):
    methodists = sorted(methodists, key=lambda m: m.id)
    by_area = {}
    for methodist in methodists:
        by_area.setdefault((methodist.region_id, methodist.municipality_id), []).append(methodist)
    loads = {methodist.id: methodist.load for methodist in methodists}

    def candidates(teacher):
        return by_area.get((teacher.region_id, teacher.municipality_id), []) + by_area.get(
            (teacher.region_id, None), []
        )

    def constraint(teacher):
        found = candidates(teacher)
        sharing = sum(1 for m in found if m.subject_ids & teacher.subject_ids)
        return (sharing, len(found), teacher.id)

    placements, unplaced = [], []
    for teacher in sorted(set(teachers), key=constraint):
        found = candidates(teacher)
        if not found:
            unplaced.append(Unplaced(teacher.id, Failure.NO_METHODIST))
            continue
        chosen, match = _choose(teacher, [m for m in found if loads[m.id] < m.cap], loads)
        if chosen is None:
            unplaced.append(Unplaced(teacher.id, Failure.FULL))
            continue
        loads[chosen.id] += 1
        placements.append(Placement(teacher.id, chosen.id, match))
    return Proposal(
        placements=tuple(sorted(placements, key=lambda p: p.teacher_id)),
        unplaced=tuple(sorted(unplaced, key=lambda u: u.teacher_id)),
        loads=loads,
    )


def _choose(teacher, open_seats, loads):
    def least_loaded(seats):
        return min(seats, key=lambda m: (Fraction(loads[m.id], m.cap), m.region_wide, m.id))

    sharing = [m for m in open_seats if m.subject_ids & teacher.subject_ids]
    if sharing:
        return least_loaded(sharing), Match.SUBJECT
    municipal = [m for m in open_seats if not m.region_wide]
    if municipal:
        return least_loaded(municipal), Match.MUNICIPALITY
    if open_seats:
        return least_loaded(open_seats), Match.REGION
    return None, None
