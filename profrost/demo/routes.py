"""Demo routes: `build_demo_routes(context)` runs after the diagnostics demo (and after the
programs and methodists demos when they are in settings.DEMO_BUILDERS), reading what they made.

For people of the demo region with open deficits it builds routes through the services, dated
back as if they had been built then: drafts and agreed routes of these days, routes in progress
since the summer with some items done and some checkpoints overdue, cancelled ones, and routes
completed a month ago whose re-diagnosis (an organization campaign of the instrument measuring
their competences) has been taken, so that the route pages show «до → после» and the ranking of
programs has data. Program items appear only where the catalogue has cohorts in the period. The
demo user «teacher» gets a route in progress with an overdue checkpoint.

Drawn from `context.rng` and relative to `context.today`.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.competences.models import Competence
from profrost.diagnostics import services as diagnostics
from profrost.diagnostics.models import (
    AttemptStatus,
    CompetenceResult,
    Deficit,
    DeficitStatus,
    ResultSource,
    not_sensitive,
)
from profrost.methodists.models import MethodistAssignment
from profrost.registry.models import ConsentState, Employment, Person
from profrost.routes import services
from profrost.routes.models import ItemStatus, Route, RouteItem, RouteStatus

COUNTS = {
    RouteStatus.COMPLETED: 24,
    RouteStatus.IN_PROGRESS: 16,
    RouteStatus.AGREED: 6,
    RouteStatus.DRAFT: 8,
    RouteStatus.CANCELLED: 3,
}
# Days from a route's build to the day it is completed, and the days back it is completed.
COMPLETED_LENGTH = (120, 170)
COMPLETED_AGO = (25, 45)
# A route is built on or after the diagnosis it comes from and agreed a few days later: the
# days before today its deficits must have been found by, so that nothing is dated after today.
FOUND_BEFORE = {
    # A completed route lasts at least the shortest length (shorter when found later).
    RouteStatus.COMPLETED: COMPLETED_AGO[0] + COMPLETED_LENGTH[0],
    RouteStatus.IN_PROGRESS: 10,
    RouteStatus.AGREED: 0,
    RouteStatus.DRAFT: 0,
    RouteStatus.CANCELLED: 10,
}
MEAN_GAIN, GAIN_SPREAD = 14, 9
DONE_SHARE = 0.85
CANCEL_REASONS = [
    "Педагог уволился из организации.",
    "Педагог ушёл в отпуск по уходу за ребёнком.",
    "Маршрут заменён новым после повторной диагностики.",
]
EVIDENCE = [
    "Удостоверение о повышении квалификации получено, копия передана в методический кабинет.",
    "Проведён открытый урок, самоанализ обсуждён на заседании ШМО.",
    "Подготовлена методическая разработка, размещена на сайте школы.",
    "Отчёт о стажировке согласован с тьютором.",
]


def build_demo_routes(context):
    if context.region is None:
        return
    by = context.users.get("regmethodist") or context.users.get("region")
    if by is None:
        return
    demo = DemoRoutes(context, by)
    demo.build()
    context.summary.update(demo.summary())


class DemoRoutes:
    def __init__(self, context, by):
        self.context, self.by = context, by
        self.rng, self.today = context.rng, context.today
        teacher = context.users.get("teacher")
        self.teacher = teacher
        self.teacher_person = getattr(teacher, "person_id", None)
        self.rediagnosed = 0

    # Who gets a route ----------------------------------------------------------------------------

    def candidates(self):
        """People of the region with open deficits and a current job: (person id, latest
        found_on), by id, the demo teacher left out."""
        jobs = Employment.objects.active(self.today).filter(
            organization__municipality__region=self.context.region
        )
        rows = (
            # A route is built from professional deficits, not from a sensitive screening's.
            Deficit.objects.filter(status=DeficitStatus.OPEN, person__in=jobs.values("person"))
            .filter(not_sensitive())
            .exclude(person=self.teacher_person)
            # Who withdrew their consent gets no new route (docs/personal-data.md).
            .exclude(person__consent_state=ConsentState.WITHDRAWN)
            .values("person")
            .annotate(found=Max("found_on"))
            .order_by("person")
        )
        return [(row["person"], row["found"]) for row in rows]

    def tutor_of(self, person_id):
        """The person's methodist of the regional asset, else a colleague of the organization."""
        assignment = (
            MethodistAssignment.objects.filter(person=person_id, ends_on__isnull=True)
            .values_list("methodist__person", flat=True)
            .first()
        )
        if assignment and assignment != person_id:
            return assignment
        organization = (
            Employment.objects.active(self.today)
            .filter(person=person_id)
            .order_by("-is_main", "pk")
            .values_list("organization", flat=True)
            .first()
        )
        colleagues = list(
            Employment.objects.active(self.today)
            .filter(organization=organization, position__name__startswith="Заместитель")
            .exclude(person=person_id)
            .order_by("pk")
            .values_list("person", flat=True)
        )
        return colleagues[0] if colleagues else None

    def build(self):
        people = self.candidates()
        self.rng.shuffle(people)
        for status, count in COUNTS.items():
            latest_found = self.today - timedelta(days=FOUND_BEFORE[status])
            chosen = []
            for candidate in list(people):
                if len(chosen) == count:
                    break
                if candidate[1] > latest_found:
                    continue
                chosen.append(candidate)
                people.remove(candidate)
            for person_id, found in chosen:
                getattr(self, status)(person_id, found)
        if self.teacher_person:
            self.teacher_route()

    # Routes in each status ----------------------------------------------------------------------

    def build_route(self, person_id, built_on, length, budget=None):
        person = Person.objects.get(pk=person_id)
        tutor_id = self.tutor_of(person_id)
        return services.build_route(
            person,
            by=self.by,
            title=_("ИОМ на %(year)s–%(next)s учебный год")
            % {"year": built_on.year, "next": built_on.year + 1},
            starts_on=built_on,
            ends_on=built_on + timedelta(days=length),
            hours_budget=budget or self.rng.choice([36, 72, 72, 108]),
            tutor=Person.objects.filter(pk=tutor_id).first() if tutor_id else None,
            goal=_("Устранить профессиональные дефициты, выявленные диагностикой."),
            today=built_on,
        )

    def draft(self, person_id, found):
        self.build_route(person_id, self.today, 300)

    def agreed(self, person_id, found):
        built = max(found, self.today - timedelta(days=self.rng.randint(5, 20)))
        route = self.build_route(person_id, built, 300)
        services.agree_route(route, by=self.by, today=min(self.today, built + timedelta(days=3)))

    def in_progress(self, person_id, found, route=None):
        built = max(found, self.today - timedelta(days=self.rng.randint(45, 150)))
        route = route or self.build_route(person_id, built, 330)
        services.agree_route(route, by=self.by, today=min(self.today, built + timedelta(days=4)))
        services.start_route(route, by=self.by)
        for item in route.items.order_by("order"):
            ended = item.ends_on and item.ends_on < self.today
            if ended and self.rng.random() < DONE_SHARE:
                self.finish(item, ItemStatus.DONE)
            elif item.starts_on and item.starts_on <= self.today:
                services.set_item_status(item, ItemStatus.IN_PROGRESS, by=self.by)
            self.pass_checkpoints(item, share=0.6)
        return route

    def cancelled(self, person_id, found):
        built = max(found, self.today - timedelta(days=self.rng.randint(60, 120)))
        route = self.build_route(person_id, built, 300)
        services.agree_route(route, by=self.by, today=built + timedelta(days=5))
        services.cancel_route(route, by=self.by, reason=self.rng.choice(CANCEL_REASONS))

    def completed(self, person_id, found):
        completed_on = self.today - timedelta(days=self.rng.randint(*COMPLETED_AGO))
        length = self.rng.randint(*COMPLETED_LENGTH)
        built = max(found + timedelta(days=3), completed_on - timedelta(days=length))
        route = self.build_route(person_id, built, (completed_on - built).days, budget=108)
        services.agree_route(route, by=self.by, today=built + timedelta(days=5))
        services.start_route(route, by=self.by)
        for item in route.items.order_by("order"):
            done = self.rng.random() < DONE_SHARE
            self.finish(item, ItemStatus.DONE if done else ItemStatus.NOT_DONE)
            self.pass_checkpoints(item, share=1.0 if done else 0.5)
        services.complete_route(route, by=self.by, today=completed_on, offer=False)
        self.rediagnose(route, completed_on)

    # Progress -------------------------------------------------------------------------------------

    def finish(self, item, status):
        services.set_item_status(item, status, by=self.by)
        if status == ItemStatus.DONE:
            services.save_evidence(item, by=self.by, text=self.rng.choice(EVIDENCE))

    def pass_checkpoints(self, item, share):
        for checkpoint in item.checkpoints.filter(due_on__lt=self.today).order_by("due_on"):
            if self.rng.random() < share:
                passed = min(self.today, checkpoint.due_on + timedelta(days=self.rng.randint(0, 5)))
                services.mark_checkpoint(checkpoint, by=self.by, today=passed)

    def rediagnose(self, route, completed_on):
        """The re-diagnosis offered on completion, taken a few days later: each addressed
        competence the instrument measures gains about MEAN_GAIN points on its level before."""
        route.refresh_from_db()
        try:
            attempt = services.offer_rediagnosis(route, by=self.by, today=completed_on)
        except ValidationError:
            return  # no instrument measures the route's competences
        instrument = attempt.campaign.instrument
        measured = set(instrument.items.values_list("links__competence", flat=True))
        addressed = [
            pk
            for pk in route.items.values_list("competence", flat=True).distinct()
            if pk in measured
        ]
        day = min(self.today, completed_on + timedelta(days=self.rng.randint(2, 12)))
        recorded = 0
        for competence_id in addressed:
            before = (
                CompetenceResult.objects.filter(
                    person=route.person_id,
                    competence=competence_id,
                    measured_on__lte=route.agreed_on,
                )
                .order_by("-measured_on", "-pk")
                .first()
            )
            if before is None or attempt.results.filter(competence=competence_id).exists():
                continue
            percent = before.percent + Decimal(round(self.rng.gauss(MEAN_GAIN, GAIN_SPREAD)))
            percent = min(Decimal(100), max(Decimal(0), percent))
            diagnostics.record_result(
                person=route.person,
                organization_id=attempt.organization_id,
                competence_id=competence_id,
                source=ResultSource.CAMPAIGN,
                source_title=attempt.campaign.title,
                attempt=attempt,
                measured_on=day,
                score=percent,
                max_score=Decimal(100),
                level=instrument.level_for(percent),
            )
            recorded += 1
        if recorded:
            self.submit_rediagnosis(attempt, day)

    def submit_rediagnosis(self, attempt, day):
        """The attempt with its recorded results, submitted on `day` after a short sitting."""
        moment = timezone.make_aware(datetime.combine(day, time(self.rng.randint(9, 18))))
        attempt.status = AttemptStatus.SUBMITTED
        attempt.started_at = moment - timedelta(minutes=self.rng.randint(15, 40))
        attempt.submitted_at = moment
        attempt.save(update_fields=["status", "started_at", "submitted_at"])
        self.rediagnosed += 1

    # The demo teacher ---------------------------------------------------------------------------

    def teacher_route(self):
        """«teacher»: an agreed route in progress with an overdue checkpoint."""
        person_id = self.teacher_person
        deficits = Deficit.objects.filter(person=person_id, status=DeficitStatus.OPEN).filter(
            not_sensitive()
        )
        if not deficits.exists():
            self.give_deficit(person_id)
        found = deficits.aggregate(latest=Max("found_on"))["latest"]
        # Ten days to two months ago, never before the diagnosis it is built from.
        built = max(
            found,
            min(
                self.today - timedelta(days=10),
                max(found + timedelta(days=3), self.today - timedelta(days=60)),
            ),
        )
        route = self.build_route(person_id, built, 300)
        self.in_progress(person_id, built, route=route)
        item = route.items.order_by("order").first()
        services.add_checkpoint(
            item,
            by=self.by,
            data={
                "title": _("Посещение урока тьютором и разбор"),
                "due_on": self.today - timedelta(days=7),
            },
        )
        if item.status == ItemStatus.PLANNED:
            services.set_item_status(item, ItemStatus.IN_PROGRESS, by=self.teacher)

    def give_deficit(self, person_id):
        """A self-assessment below the threshold, when the teacher has no deficit yet: in a
        competence with no later result, so that it is the latest one and opens the deficit."""
        measured_on = self.today - timedelta(days=70)
        later = CompetenceResult.objects.filter(person=person_id, measured_on__gte=measured_on)
        competence = (
            Competence.objects.filter(is_active=True)
            .exclude(pk__in=later.values("competence"))
            .order_by("pk")
            .first()
        )
        if competence is None:
            return
        diagnostics.record_result(
            person=Person.objects.get(pk=person_id),
            competence_id=competence.pk,
            measured_on=measured_on,
            score=Decimal(40),
            max_score=Decimal(100),
            level="deficit",
            source=ResultSource.IMPORT,
            source_title=_("Входная самодиагностика"),
        )

    def summary(self):
        people = Employment.objects.filter(organization__municipality__region=self.context.region)
        routes = Route.objects.filter(person__in=people.values("person"))
        return {
            _("Индивидуальные маршруты"): routes.count(),
            _("Пункты маршрутов"): RouteItem.objects.filter(route__in=routes).count(),
            _("Маршруты с повторной диагностикой"): self.rediagnosed,
        }
