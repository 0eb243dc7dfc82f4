"""Demo achievements for the demo region: competitions of every level with stages, participants
and results, publications of about 15 % of staff, expert activity of about 5 %.

A builder for `manage.py seed_demo` (settings.DEMO_BUILDERS), after the registry's. Everything is
drawn from `context.rng` walking `context.people` in their order, so the same seed and day give
the same data; rows are written with bulk_create.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from profrost.achievements.models import (
    AWARDED,
    Competition,
    CompetitionParticipation,
    CompetitionStage,
    ExpertActivity,
    Level,
    Publication,
    PublicationKind,
    Result,
)
from profrost.core.dates import add_years
from profrost.demo.achievements import data
from profrost.demo.registry.names import METHODIST_AREAS
from profrost.registry.models import Employment, OrganizationKind, PositionCategory

PUBLICATION_SHARE = 0.15
EXPERT_SHARE = 0.05
MIN_EXPERT_CAREER = 8


@dataclass
class Member:
    """A person of the demo staff with their main place of work."""

    person: object
    organization_id: int
    municipality_id: int
    kind: str
    teaching: bool
    young: bool
    subjects: list = field(default_factory=list)


@dataclass
class Drawn:
    """A competition being drawn with its stages and participants (person, result, stage)."""

    competition: Competition
    spec: data.Spec
    rows: list = field(default_factory=list)
    stages: list = field(default_factory=list)


def build_demo_achievements(context):
    rng, today = context.rng, context.today
    members = staff(context)
    drawn = draw_competitions(rng, today, context, members)
    save_competitions(rng, today, drawn)
    own = context.users.get("teacher")
    Publication.objects.bulk_create(draw_publications(rng, today, members, own))
    ExpertActivity.objects.bulk_create(draw_experts(rng, today, members))
    context.summary.update(achievements_summary(context.region, today))


def staff(context):
    """Each person of the demo staff with the main job and subjects, in `context.people` order."""
    today = context.today
    jobs = (
        Employment.objects.active(today)
        .filter(is_main=True, organization__municipality__region=context.region)
        .values_list(
            "pk",
            "person_id",
            "organization_id",
            "organization__municipality_id",
            "organization__kind",
            "position__category",
        )
    )
    by_person, job_person = {}, {}
    for pk, person_id, organization_id, municipality_id, kind, category in jobs:
        by_person[person_id] = (organization_id, municipality_id, kind, category)
        job_person[pk] = person_id
    subjects = defaultdict(list)
    links = Employment.subjects.through.objects.filter(employment_id__in=list(job_person))
    for employment_id, name in links.values_list("employment_id", "subject__name").order_by(
        "employment_id", "subject__name"
    ):
        subjects[job_person[employment_id]].append(name)
    members = []
    for person in context.people:
        if person.pk not in by_person:
            continue
        organization_id, municipality_id, kind, category = by_person[person.pk]
        members.append(
            Member(
                person=person,
                organization_id=organization_id,
                municipality_id=municipality_id,
                kind=kind,
                teaching=category == PositionCategory.TEACHING,
                young=person.is_young_specialist(today),
                subjects=subjects[person.pk],
            )
        )
    return members


def weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


# Competitions -----------------------------------------------------------------------------------


def eligible(members, spec, municipality_id=None, organization_id=None):
    return [
        m
        for m in members
        if m.teaching
        and m.kind in spec.kinds
        and (m.young or not spec.young)
        and (municipality_id is None or m.municipality_id == municipality_id)
        and (organization_id is None or m.organization_id == organization_id)
    ]


def results(rng, count):
    """One winner, up to two prize-winners, about a fifth laureates, the rest participants."""
    prize = min(2, max(count - 1, 0))
    laureates = min(max(count // 5, 1 if count > 3 else 0), count - 1 - prize)
    drawn = [Result.WINNER, *[Result.PRIZE] * prize, *[Result.LAUREATE] * max(laureates, 0)]
    return drawn + [Result.PARTICIPANT] * (count - len(drawn)) if count else []


def competition(spec, level, year, region, municipality=None, organization=None):
    return Competition(
        title=spec.title,
        level=level,
        year=year,
        organizer=spec.organizer or (data.MUNICIPAL_ORGANIZER if municipality else ""),
        region=region,
        municipality=municipality,
        organization=organization,
    )


def hold(rng, spec, competition_, people):
    """The participants with results: the best drawn first reach the last stage."""
    chosen = rng.sample(people, len(people))
    return Drawn(competition_, spec, list(zip(chosen, results(rng, len(chosen)), strict=True)))


def draw_competitions(rng, today, context, members):
    region = context.region
    own_user = context.users.get("teacher")
    own = next((m for m in members if own_user and m.person.pk == own_user.person_id), None)
    years = [today.year - 1, today.year]
    drawn = []
    for year in years:
        winners = defaultdict(list)
        for municipality in context.municipalities:
            for spec in data.MUNICIPAL:
                candidates = eligible(members, spec, municipality_id=municipality.pk)
                if len(candidates) < 3:
                    continue
                people = rng.sample(candidates, min(len(candidates), rng.randint(3, 7)))
                complete = year == today.year - 1
                if spec.young and complete and own in candidates and own not in people:
                    people[-1] = own  # the demo teacher's portfolio shows a competition
                title = f"«{spec.title}» — {municipality.name}"
                named = data.Spec(
                    title, data.TWO_STAGES, spec.kinds, spec.young, data.MUNICIPAL_ORGANIZER
                )
                held = hold(
                    rng,
                    named,
                    competition(named, Level.MUNICIPAL, year, region, municipality),
                    people,
                )
                drawn.append(held)
                winners[spec.title] += [m for m, result in held.rows if result == Result.WINNER]
        regional_winners = {}
        for spec in data.REGIONAL:
            people = list(winners.get(spec.title, []))
            others = [m for m in eligible(members, spec) if m not in people]
            people += rng.sample(others, min(len(others), rng.randint(3, 6)))
            if len(people) < 2:
                continue
            held = hold(rng, spec, competition(spec, Level.REGIONAL, year, region), people)
            drawn.append(held)
            regional_winners[spec.title] = [m for m, r in held.rows if r == Result.WINNER]
        if year == today.year - 1:
            drawn += draw_above_region(rng, region, year, members, regional_winners)
            drawn += draw_school(rng, region, year, context, members)
    return drawn


def draw_above_region(rng, region, year, members, regional_winners):
    drawn = []
    for spec, regional in zip(data.FEDERAL, ("Учитель года", "Воспитатель года"), strict=True):
        people = regional_winners.get(regional, [])
        if not people:
            continue
        item = Drawn(competition(spec, Level.FEDERAL, year, region), spec)
        item.rows = [(people[0], rng.choice([Result.LAUREATE, Result.PARTICIPANT]))]
        drawn.append(item)
    for spec in data.INTERNATIONAL:
        people = eligible(members, spec)
        people = rng.sample(people, min(len(people), rng.randint(3, 5)))
        item = Drawn(competition(spec, Level.INTERNATIONAL, year, region), spec)
        item.rows = [
            (m, rng.choice([Result.LAUREATE, Result.PRIZE, Result.PARTICIPANT])) for m in people
        ]
        drawn.append(item)
    return drawn


def draw_school(rng, region, year, context, members):
    schools = [o for o in context.organizations if o.kind == OrganizationKind.SCHOOL]
    drawn = []
    for school in rng.sample(schools, min(len(schools), 4)):
        spec = rng.choice(data.SCHOOL)
        people = eligible(members, spec, organization_id=school.pk)
        if len(people) < 3:
            continue
        people = rng.sample(people, min(len(people), rng.randint(4, 9)))
        named = data.Spec(spec.title, spec.stages, organizer=school.short_name)
        comp = competition(
            named, Level.SCHOOL, year, region, municipality=school.municipality, organization=school
        )
        drawn.append(hold(rng, named, comp, people))
    return drawn


def save_competitions(rng, today, drawn):
    Competition.objects.bulk_create(item.competition for item in drawn)
    stages = []
    for item in drawn:
        year = item.competition.year
        for number, title in enumerate(item.spec.stages, start=1):
            month = min(2 + 2 * number, 11)
            starts = date(year, month, 1)
            stage = CompetitionStage(
                competition=item.competition,
                order=number,
                title=title,
                starts_on=starts,
                ends_on=date(year, month, 20),
            )
            item.stages.append(stage)
            stages.append(stage)
    CompetitionStage.objects.bulk_create(stages)
    participations = []
    for item in drawn:
        participations += participants(rng, today, item)
    CompetitionParticipation.objects.bulk_create(participations)


def participants(rng, today, item):
    """Rows of a competition; one still running on `today` has no results yet, and each
    participant is at one of the stages already begun."""
    begun = [stage for stage in item.stages if stage.starts_on <= today]
    finished = bool(item.stages) and item.stages[-1].ends_on <= today
    rows = []
    for member, result in item.rows:
        if not finished:
            result = Result.PARTICIPANT
        if result in AWARDED:
            stage = item.stages[-1]
        else:
            stage = rng.choice(begun[:-1] or begun) if begun else None
        rows.append(
            CompetitionParticipation(
                competition=item.competition,
                person=member.person,
                organization_id=member.organization_id,
                stage=stage,
                result=result,
                result_date=item.stages[-1].ends_on if finished else None,
                document=_("Приказ об итогах конкурса") if result in AWARDED else "",
            )
        )
    return rows


# Publications and expert activity ---------------------------------------------------------------


def publication_title(rng, member):
    if member.kind == OrganizationKind.KINDERGARTEN:
        return rng.choice(data.PRESCHOOL_TOPICS)
    if member.kind == OrganizationKind.ADDITIONAL:
        return rng.choice(data.EXTRA_TOPICS)
    if member.subjects and rng.random() < 0.4:
        return rng.choice(data.SUBJECT_TOPICS).format(subject=rng.choice(member.subjects))
    return rng.choice(data.SCHOOL_TOPICS)


def draw_publications(rng, today, members, own_user=None):
    authors = [m for m in members if rng.random() < PUBLICATION_SHARE]
    own = next((m for m in members if own_user and m.person.pk == own_user.person_id), None)
    if own is not None and own not in authors:
        authors.append(own)
    rows = []
    for member in authors:
        titles = set()
        for _number in range(rng.choice([1, 1, 1, 2, 2, 3])):
            title = publication_title(rng, member)
            if title in titles:
                continue
            titles.add(title)
            level = weighted(rng, data.PUBLICATION_LEVELS)
            kind = weighted(rng, data.PUBLICATION_KINDS)
            year = rng.randint(today.year - 4, today.year)
            url = ""
            if kind == PublicationKind.ELECTRONIC or rng.random() < 0.35:
                url = f"https://metodvestnik.example.ru/{year}/{rng.randint(100, 9999)}"
            rows.append(
                Publication(
                    person=member.person,
                    organization_id=member.organization_id,
                    title=title,
                    kind=kind,
                    edition=rng.choice(data.EDITIONS[level]),
                    level=level,
                    year=year,
                    url=url,
                )
            )
    return rows


def draw_experts(rng, today, members):
    seniors = [
        m
        for m in members
        if m.person.career_start
        and m.person.career_start <= add_years(today, -MIN_EXPERT_CAREER)
        and m.kind != OrganizationKind.INSTITUTE
    ]
    share = EXPERT_SHARE * len(members) / max(len(seniors), 1)
    rows = []
    for member in seniors:
        if rng.random() >= share:
            continue
        kinds = {weighted(rng, data.EXPERT_KINDS) for _number in range(rng.choice([1, 1, 2]))}
        for kind in sorted(kinds):
            level, body = rng.choice(data.EXPERT_BODIES[kind])
            start_year = rng.randint(today.year - 4, today.year - 1)
            started = date(start_year, 9, 1)
            ended = None
            if rng.random() < 0.4:
                ended = min(date(start_year + rng.randint(1, 2), 8, 31), today)
            direction = (
                rng.choice(member.subjects) if member.subjects else rng.choice(METHODIST_AREAS)
            )
            rows.append(
                ExpertActivity(
                    person=member.person,
                    organization_id=member.organization_id,
                    kind=kind,
                    direction=direction,
                    body=body,
                    level=level,
                    started_on=started,
                    ended_on=ended,
                    document=_("Приказ о составе от %(day)s") % {"day": f"{started:%d.%m.%Y}"},
                )
            )
    return rows


def achievements_summary(region, today):
    people = Q(person__employments__organization__municipality__region=region)
    participations = CompetitionParticipation.objects.filter(competition__region=region)
    young = participations.filter(
        Q(person__birth_date__gt=add_years(today, -35))
        | Q(person__career_start__gt=add_years(today, -3))
    )
    publications = Publication.objects.filter(
        pk__in=Publication.objects.filter(people).values("pk")
    )
    experts = ExpertActivity.objects.filter(
        pk__in=ExpertActivity.objects.filter(people).values("pk")
    )
    competitions = Competition.objects.filter(region=region)
    summary = {_("Конкурсы профессионального мастерства"): competitions.count()}
    for level, label in Level.choices:
        count = competitions.filter(level=level).count()
        if count:
            summary[f"  {label.lower()}"] = count
    summary.update(
        {
            _("Участия в конкурсах"): participations.count(),
            _("  из них победители, призёры, лауреаты"): participations.filter(
                result__in=AWARDED
            ).count(),
            _("  из них молодых специалистов"): young.count(),
            _("Публикации"): publications.count(),
            _("  авторов"): publications.aggregate(n=Count("person", distinct=True))["n"],
            _("Эксперты"): experts.aggregate(n=Count("person", distinct=True))["n"],
            _("  записей об экспертной деятельности"): experts.count(),
        }
    )
    return summary
