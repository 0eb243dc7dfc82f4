"""The plans and events of the demo methodical network (see build.py): the annual plans of the
municipalities, of some РМО and of the ЦНППМ, their events over the school year, participants
and attendance."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.demo.network import data
from profrost.network.models import (
    AssociationKind,
    Event,
    EventKind,
    EventLevel,
    EventStatus,
    Participation,
    ParticipationRole,
    PlanLevel,
    WorkPlan,
)
from profrost.registry.models import OrganizationKind

BATCH = 1000
TEACHER_EVENT_DAYS = 10
RMO_PLAN_SHARE = 0.35


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class EventPlanning:
    """The plans and events part of demo.Builder; expects its rng, today, now, year, region,
    organizations, staff, associations, members, competences and teacher_id."""

    # Plans and events --------------------------------------------------------------------------

    def plan(self, title, level, year=None, **fields):
        year = year or self.year
        return WorkPlan(
            title=title,
            level=level,
            region=self.region,
            year=year,
            approved_on=date(year, 8, self.rng.randint(25, 31)),
            document=_("Приказ № %(number)d от 29.08.%(year)d")
            % {"number": self.rng.randint(80, 260), "year": year},
            **fields,
        )

    def school_days(self, count, year=None):
        year = year or self.year
        first, last = date(year, 9, 2), date(year + 1, 5, 25)
        span = (last - first).days
        days = sorted(first + timedelta(days=self.rng.randint(0, span)) for _ in range(count))
        # A weekend day moves to the next Monday.
        return [
            day + timedelta(days=(8 - day.isoweekday()) % 7 if day.isoweekday() > 5 else 0)
            for day in days
        ]

    def event(self, plan, kind, title, day, pool, **fields):
        hour = self.rng.choice((10, 14, 15))
        hours = {EventKind.CONFERENCE: 5, EventKind.FORUM: 6, EventKind.INTERNSHIP: 6}.get(kind, 2)
        starts = local(day, 10 if hours > 3 else hour)
        ends = starts + timedelta(hours=hours)
        if kind == EventKind.INTERNSHIP:
            ends += timedelta(days=1)
        capacity = None
        if kind not in data.WEBINAR_KINDS and self.rng.random() < 0.6:
            capacity = self.rng.choice((15, 20, 25, 30, 40, 60))
        if kind == EventKind.OPEN_LESSON:
            capacity = 15
        status = EventStatus.PLANNED
        if ends < self.now:
            roll = self.rng.random()
            status = EventStatus.CANCELLED if roll < 0.05 else EventStatus.HELD
            status = EventStatus.PLANNED if 0.05 <= roll < 0.08 else status
        event = Event(
            plan=plan,
            kind=kind,
            title=title,
            region=self.region,
            starts_at=starts,
            ends_at=ends,
            capacity=capacity,
            hours=hours if kind != EventKind.MEETING else None,
            status=status,
            cancel_reason=_("Перенесено по решению организатора")
            if status == EventStatus.CANCELLED
            else "",
            registration_open=True,
            **fields,
        )
        if kind in data.WEBINAR_KINDS:
            event.link = f"https://webinar.example.org/profrost-{len(self.events) + 1}"
            event.place = ""
        self.events.append((event, pool))
        return event

    def place_in(self, municipality_id):
        schools = [
            org
            for org in self.organizations
            if org.municipality_id == municipality_id and org.kind == OrganizationKind.SCHOOL
        ]
        org = self.rng.choice(schools) if schools else None
        return f"{org.short_name}, {org.address}".rstrip(", ") if org else _("Актовый зал")

    def municipal_plans(self):
        plans = []
        by_municipality = {}
        for org in self.organizations:
            by_municipality.setdefault(org.municipality_id, []).append(org)
        for municipality_id, orgs in sorted(by_municipality.items()):
            service = next(
                (o for o in orgs if o.kind == OrganizationKind.METHODICAL_SERVICE), orgs[0]
            )
            municipality = service.municipality
            plan = self.plan(
                _("План методической работы: %(name)s, %(start)d/%(end)d учебный год")
                % {"name": municipality.name, "start": self.year, "end": self.year + 1},
                PlanLevel.MUNICIPALITY,
                municipality_id=municipality_id,
            )
            plans.append(plan)
            pool = [w for w in self.staff if w.municipality_id == municipality_id]
            rmos = [
                a
                for a in self.associations
                if a.municipality_id == municipality_id and a.kind == AssociationKind.DISTRICT_MO
            ]
            topics = self.rng.sample(data.MUNICIPAL_TOPICS, self.rng.randint(10, 20))
            for (kind, title), day in zip(topics, self.school_days(len(topics)), strict=True):
                association = self.rng.choice(rmos) if rmos and self.rng.random() < 0.3 else None
                self.event(
                    plan,
                    kind,
                    title,
                    day,
                    self.members[association.pk] if association else pool,
                    level=EventLevel.MUNICIPAL,
                    municipality_id=municipality_id,
                    organizer_organization=service,
                    organizer_association=association,
                    place=self.place_in(municipality_id),
                )
            teacher = self.by_person.get(self.teacher_id)
            if teacher and teacher.municipality_id == municipality_id:
                self.teacher_event(plan, service, pool)
        return plans

    def teacher_event(self, plan, service, pool):
        """An upcoming seminar in the demo teacher's municipality, open for registration."""
        day = self.today + timedelta(days=TEACHER_EVENT_DAYS)
        event = self.event(
            plan,
            EventKind.SEMINAR,
            _("Семинар для молодых педагогов «Первые шаги в профессии»"),
            day,
            pool,
            level=EventLevel.MUNICIPAL,
            municipality_id=service.municipality_id,
            organizer_organization=service,
            place=self.place_in(service.municipality_id),
        )
        event.capacity = 30
        event.status = EventStatus.PLANNED
        event.starts_at = local(day, 15)
        event.ends_at = event.starts_at + timedelta(hours=2)

    def association_plans(self):
        rmos = [a for a in self.associations if a.kind == AssociationKind.DISTRICT_MO]
        chosen = self.rng.sample(rmos, max(min(2, len(rmos)), round(len(rmos) * RMO_PLAN_SHARE)))
        plans = []
        for association in sorted(chosen, key=lambda a: a.pk):
            plan = self.plan(
                _("План работы: %(name)s, %(start)d/%(end)d учебный год")
                % {"name": association.title, "start": self.year, "end": self.year + 1},
                PlanLevel.ASSOCIATION,
                association=association,
                municipality_id=association.municipality_id,
            )
            plans.append(plan)
            head = self.by_person.get(association.head_id)
            topics = self.rng.sample(data.ASSOCIATION_TOPICS, self.rng.randint(10, 12))
            for (kind, title), day in zip(topics, self.school_days(len(topics)), strict=True):
                self.event(
                    plan,
                    kind,
                    title.replace("РМО", association.title),
                    day,
                    self.members[association.pk],
                    level=EventLevel.MUNICIPAL,
                    municipality_id=association.municipality_id,
                    organizer_association=association,
                    organizer_organization_id=head.organization_id if head else None,
                    place=self.place_in(association.municipality_id),
                )
        return plans

    def regional_plan(self, year=None):
        """The ЦНППМ's plan of the school year starting in `year` (the current one)."""
        year = year or self.year
        institute = next(
            (o for o in self.organizations if o.kind == OrganizationKind.INSTITUTE), None
        )
        if institute is None:
            return []
        plan = self.plan(
            _("План мероприятий ЦНППМ, %(start)d/%(end)d учебный год")
            % {"start": year, "end": year + 1},
            PlanLevel.REGION,
            year=year,
        )
        days = self.school_days(len(data.REGIONAL_TOPICS), year)
        for (kind, title), day in zip(data.REGIONAL_TOPICS, days, strict=True):
            self.event(
                plan,
                kind,
                title,
                day,
                self.staff,
                level=EventLevel.REGIONAL,
                organizer_organization=institute,
                place=f"{institute.short_name}, {institute.address}".rstrip(", "),
            )
        return [plan]

    def save_events(self):
        Event.objects.bulk_create([event for event, _pool in self.events], batch_size=BATCH)
        links = Event.competences.through
        rows = []
        for event, _pool in self.events:
            for competence_id in self.rng.sample(
                self.competences, min(len(self.competences), self.rng.randint(1, 3))
            ):
                rows.append(links(event_id=event.pk, competence_id=competence_id))
        links.objects.bulk_create(rows, batch_size=BATCH)

    def register_participants(self):
        teacher_done = 0
        for event, pool in self.events:
            pool = [w for w in pool if w.person_id != self.teacher_id]
            upcoming = event.starts_at > self.now
            limit = event.capacity or 45
            if upcoming:
                count = self.rng.randint(0, int(limit * 0.6))
            else:
                count = self.rng.randint(min(8, limit), limit)
            chosen = self.rng.sample(pool, min(count, len(pool)))
            teacher = self.by_person.get(self.teacher_id)
            if (
                teacher
                and event.status == EventStatus.HELD
                and teacher_done < 3
                and event.municipality_id == teacher.municipality_id
            ):
                chosen = [teacher, *chosen[: max(0, len(chosen) - 1)]]
                teacher_done += 1
            for number, worker in enumerate(chosen):
                role = ParticipationRole.PARTICIPANT
                if number >= 1 and number <= 2 and event.kind != EventKind.WEBINAR:
                    role = ParticipationRole.SPEAKER
                attended = None
                if event.status == EventStatus.HELD:
                    attended = worker.person_id == self.teacher_id or self.rng.random() < 0.86
                self.participations.append(
                    Participation(
                        event=event,
                        person_id=worker.person_id,
                        role=role,
                        organization_id=worker.organization_id,
                        position_id=worker.position_id,
                        registered_at=event.starts_at - timedelta(days=self.rng.randint(2, 20)),
                        attended=attended,
                    )
                )
        Participation.objects.bulk_create(self.participations, batch_size=BATCH)
