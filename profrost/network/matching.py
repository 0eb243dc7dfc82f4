"""«Горизонтальное обучение» (seed 002, 3.3.3): inside an association, a teacher who holds a
competence and teachers who need it learn together. The proposal is read from the deficit maps:
per competence, the current members whose latest result is «сформирована» hold it, the current
members with an open deficit need it (unless they already learn it in an active group of the
association). The learners are spread over the holders in turn, the strongest holder first, so
that each group is a pair or a small group.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from profrost.competences.models import Competence
from profrost.diagnostics.models import (
    CompetenceLevel,
    CompetenceResult,
    Deficit,
    DeficitStatus,
)
from profrost.diagnostics.selectors import latest_results
from profrost.registry.models import Person

from .models import HorizontalGroup, HorizontalGroupStatus, Membership


@dataclass
class ProposedGroup:
    holder: Person
    learners: list


@dataclass
class CompetenceProposal:
    competence: Competence
    holders: list  # (person, percent), the strongest first
    learners: list  # people, by name
    groups: list = field(default_factory=list)


def proposals(association):
    members = Membership.objects.filter(association=association, left_on__isnull=True).values(
        "person_id"
    )
    holder_rows = list(
        latest_results(CompetenceResult.objects.filter(person__in=members))
        .filter(level=CompetenceLevel.PROFICIENT)
        .values_list("competence_id", "person_id", "percent")
    )
    learning = HorizontalGroup.objects.filter(
        association=association,
        status=HorizontalGroupStatus.ACTIVE,
        competence=OuterRef("competence"),
        learners=OuterRef("person"),
    )
    learner_rows = list(
        Deficit.objects.filter(person__in=members, status=DeficitStatus.OPEN)
        .exclude(Exists(learning))
        .values_list("competence_id", "person_id")
    )
    return build(holder_rows, learner_rows)


def build(holder_rows, learner_rows):
    """Proposals from (competence, person, percent) of holders and (competence, person) of
    learners, for the competences that have both."""
    holders, learners = {}, {}
    for competence_id, person_id, percent in holder_rows:
        holders.setdefault(competence_id, []).append((person_id, percent))
    for competence_id, person_id in learner_rows:
        learners.setdefault(competence_id, []).append(person_id)
    matched = sorted(set(holders) & set(learners))
    if not matched:
        return []
    ids = {pid for cid in matched for pid, _percent in holders[cid]}
    ids |= {pid for cid in matched for pid in learners[cid]}
    people = Person.objects.in_bulk(ids)
    competences = Competence.objects.select_related("group").in_bulk(matched)

    def by_name(person):
        return (person.last_name, person.first_name, person.middle_name, person.pk)

    result = []
    for competence_id in matched:
        strong = sorted(
            ((people[pid], percent) for pid, percent in holders[competence_id]),
            key=lambda pair: (-pair[1], *by_name(pair[0])),
        )
        needing = sorted((people[pid] for pid in learners[competence_id]), key=by_name)
        proposal = CompetenceProposal(competences[competence_id], strong, needing)
        count = min(len(strong), len(needing))
        proposal.groups = [ProposedGroup(strong[index][0], []) for index in range(count)]
        for index, learner in enumerate(needing):
            proposal.groups[index % count].learners.append(learner)
        result.append(proposal)
    result.sort(key=lambda p: (p.competence.group.order, p.competence.order, p.competence.code))
    return result
