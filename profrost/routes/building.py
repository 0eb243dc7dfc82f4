"""Reads that feed the route proposal: a person's open deficits, the catalogue's cohorts, the
person's audience facts, events and internship sites, turned into the plain data of
`proposal.propose`; and the proposal resolved back into rows for the «Построить ИОМ» page."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from profrost.diagnostics.models import Deficit, DeficitStatus, not_sensitive
from profrost.mentoring.models import MentoringPair, PairStatus
from profrost.network.models import Event, EventStatus
from profrost.programs.models import Cohort, Program
from profrost.registry.models import (
    Employment,
    OrganizationStatus,
    OrganizationStatusKind,
    Person,
)

from . import proposal
from .models import ActivityKind


def open_deficits(person):
    """The open deficits a route addresses; a sensitive screening's are not among them."""
    return (
        Deficit.objects.filter(person=person, status=DeficitStatus.OPEN)
        .filter(not_sensitive())
        .select_related("competence__group", "found_by")
        .order_by("competence__group__order", "competence__order", "competence__code", "pk")
    )


def current_jobs(person, today):
    return list(
        Employment.objects.active(today)
        .filter(person=person)
        .select_related("organization__municipality", "position")
        .prefetch_related("subjects")
        .order_by("-is_main", "-start_date", "pk")
    )


def snapshot(deficits):
    """The deficit map at the moment the route is built (Route.deficit_snapshot)."""
    return [
        {
            "deficit": deficit.pk,
            "competence": deficit.competence_id,
            "code": deficit.competence.code,
            "name": deficit.competence.name,
            "level": deficit.level,
            "percent": float(deficit.found_by.percent),
            "found_on": deficit.found_on.isoformat(),
            "note": "",
        }
        for deficit in deficits
    ]


def candidate_cohorts(region_id, competence_ids, today, until):
    """Cohorts of active programs of the region's catalogue (or common to all regions) that
    address one of the competences and start within (today, until]."""
    programs = Program.objects.filter(
        Q(region__isnull=True) | Q(region=region_id),
        is_active=True,
        links__competence__in=competence_ids,
    ).values("pk")
    return (
        Cohort.objects.filter(program__in=programs, starts_on__gt=today, starts_on__lte=until)
        .select_related("program")
        .prefetch_related("program__links", "program__positions", "program__subjects")
        .order_by("starts_on", "pk")
    )


def cohort_in(cohort):
    program = cohort.program
    return proposal.CohortIn(
        cohort_id=cohort.pk,
        program_id=program.pk,
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        hours=program.hours,
        registry=program.federal_registry,
        competences={link.competence_id: link.weight for link in program.links.all()},
        positions=frozenset(position.pk for position in program.positions.all()),
        subjects=frozenset(subject.pk for subject in program.subjects.all()),
    )


def active_mentor_id(person):
    """The mentor of the person's active mentoring pair."""
    pair = (
        MentoringPair.objects.filter(mentee=person, status=PairStatus.ACTIVE)
        .order_by("-starts_on", "pk")
        .values("mentor_id")
        .first()
    )
    return pair["mentor_id"] if pair else None


def internship_site(region_id, today):
    """The name of an internship site (стажировочная площадка) of the region in force today."""
    status = (
        OrganizationStatus.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today),
            kind=OrganizationStatusKind.INTERNSHIP_SITE,
            start_date__lte=today,
            organization__municipality__region=region_id,
        )
        .select_related("organization")
        .order_by("organization__short_name", "pk")
        .first()
    )
    return status.organization.short_name if status else ""


def upcoming_events(job, competence_ids, today, until):
    """Planned methodical events within reach of the person's place of work that address one of
    the competences."""
    organization = job.organization
    events = (
        Event.objects.filter(
            Q(municipality__isnull=True) | Q(municipality=organization.municipality_id),
            Q(organization__isnull=True) | Q(organization=organization.pk),
            region=organization.municipality.region_id,
            status=EventStatus.PLANNED,
            starts_at__date__gt=today,
            starts_at__date__lte=until,
            competences__in=competence_ids,
        )
        .distinct()
        .prefetch_related("competences")
    )
    return [
        proposal.EventIn(
            id=event.pk,
            title=event.title,
            starts_on=timezone.localdate(event.starts_at),
            ends_on=timezone.localdate(event.ends_at),
            hours=event.hours,
            competences=frozenset(c.pk for c in event.competences.all()),
        )
        for event in events
    ]


@dataclass
class Preview:
    """A proposal with the rows it refers to, for the page and for `services.build_route`."""

    person: Person
    deficits: list
    result: proposal.Proposal
    cohorts: dict = field(default_factory=dict)  # cohort id → Cohort
    mentors: dict = field(default_factory=dict)  # person id → Person
    snapshot: list = field(default_factory=list)

    @property
    def deficit_by_id(self):
        return {deficit.pk: deficit for deficit in self.deficits}

    def rows(self):
        """Each proposed item with its cohort, mentor and deficits, for display."""
        by_id = self.deficit_by_id
        return [
            {
                "item": item,
                "kind_label": ActivityKind(item.kind).label,
                "cohort": self.cohorts.get(item.cohort_id),
                "mentor": self.mentors.get(item.mentor_id),
                "deficits": [by_id[pk] for pk in item.deficit_ids],
            }
            for item in self.result.items
        ]

    def uncovered(self):
        by_id = self.deficit_by_id
        no_program = set(self.result.no_program)
        return [(by_id[pk], pk in no_program) for pk in self.result.uncovered]


def preview(person, *, starts_on, ends_on, hours_budget, today=None):
    """The proposal for the person's open deficits; nothing is written."""
    today = today or timezone.localdate()
    deficits = list(open_deficits(person))
    jobs = current_jobs(person, today)
    competence_ids = sorted({deficit.competence_id for deficit in deficits})
    region_id = jobs[0].organization.municipality.region_id if jobs else None
    until = ends_on or today + timedelta(days=365)
    cohorts = (
        list(candidate_cohorts(region_id, competence_ids, today, until)) if competence_ids else []
    )
    facts = proposal.PersonIn(
        positions=frozenset(job.position_id for job in jobs),
        subjects=frozenset(subject.pk for job in jobs for subject in job.subjects.all()),
        young=person.is_young_specialist(today),
        mentor_id=active_mentor_id(person),
    )
    result = proposal.propose(
        [proposal.DeficitIn(d.pk, d.competence_id, d.level) for d in deficits],
        [cohort_in(cohort) for cohort in cohorts],
        facts,
        hours_budget,
        today,
        starts_on=starts_on,
        ends_on=ends_on,
        events=upcoming_events(jobs[0], competence_ids, today, until) if jobs else [],
        internship_site=internship_site(region_id, today) if region_id else "",
    )
    mentor_ids = {item.mentor_id for item in result.items if item.mentor_id}
    return Preview(
        person=person,
        deficits=deficits,
        result=result,
        cohorts={cohort.pk: cohort for cohort in cohorts},
        mentors={p.pk: p for p in Person.objects.filter(pk__in=mentor_ids)},
        snapshot=snapshot(deficits),
    )
