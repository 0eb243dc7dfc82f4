"""Demo diagnostics, built after the demo registry (settings.DEMO_BUILDERS).

What it makes, relative to `context.today`:
- imported results of the federal diagnostics for part of the teachers, the autumn before the
  spring campaign;
- a closed regional campaign of the shipped methodical test last spring, ~60 % submitted;
- two closed waves of the young teachers' survey for young specialists, the last March and the
  last October, so that every half-year has one;
- an open municipal burnout screening in the regional centre, where the demo user «teacher» has
  an assigned, not started attempt and about a quarter of the others have submitted.

Answers come from a per-person ability (with an organization's effect: schools with low results
a little weaker) and are scored by `scoring.score_attempt`, as `services.submit_attempt` does.
Everything is written with bulk_create; the deficits are derived from all results in the order
`services.update_deficit` would have seen them (by date, then by id), which
tests/demo/test_diagnostics.py checks against the service itself.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.competences.models import Competence
from profrost.core.models import ImportBatch, ImportBatchStatus
from profrost.diagnostics import scoring, services
from profrost.diagnostics.importers import FEDERAL_SOURCE
from profrost.diagnostics.models import (
    DEFAULT_DEFICIT_BELOW,
    DEFAULT_PROFICIENT_FROM,
    Answer,
    Attempt,
    AttemptStatus,
    Campaign,
    CampaignLevel,
    CompetenceLevel,
    CompetenceResult,
    Deficit,
    DeficitStatus,
    Instrument,
    InstrumentStatus,
    ItemKind,
    ResultSource,
)
from profrost.registry.models import Employment, Person, Position

METHODICAL, YOUNG, BURNOUT = "methodical-test", "young-difficulties", "burnout-screening"

SPRING_SUBMITTED = 0.6
YOUNG_SUBMITTED = 0.75
OPEN_SUBMITTED = 0.25
FEDERAL_SHARE = 0.4
# Competences of the federal diagnostics of teachers and their maximum scores.
FEDERAL_MAXIMA = {
    "MET.01": 10,
    "MET.02": 12,
    "MET.04": 10,
    "MET.05": 8,
    "PSY.01": 10,
    "PSY.04": 8,
    "COM.01": 6,
    "COM.02": 6,
    "SUBJ.01": 20,
    "SUBJ.02": 12,
}
# The methodical test and the federal diagnostics are for school teachers.
TEACHER = "Учитель"
OPEN_ANSWERS = [
    "Помощь наставника в подготовке к открытым урокам",
    "Разбор трудных ситуаций с родителями на примерах",
    "Курсы по работе с детьми с ОВЗ",
    "Посещение уроков опытных коллег",
    "Методические рекомендации по оцениванию",
    "Меньше отчётов, больше времени на подготовку к урокам",
]


@dataclass
class Taker:
    """A person a campaign or the federal diagnostics covers, with the place of work then."""

    person_id: int
    organization_id: int | None
    position: str = ""


class Abilities:
    """Latent ability behind every answer: the person's, the organization's, and the person's
    in each competence; drawn on first use, so the same calls in the same order repeat."""

    BASE = 1.5

    def __init__(self, rng, organizations, young_ids):
        self.rng = rng
        self.young_ids = young_ids
        self.organization = {}
        for org in sorted(organizations, key=lambda o: o.pk):
            effect = rng.gauss(0, 0.25)
            effect -= 0.6 if org.low_results else 0
            effect -= 0.15 if org.unfavourable_conditions else 0
            self.organization[org.pk] = effect
        self.person = {}
        self.competence = {}

    def logit(self, taker, competence_id):
        person = self.person.get(taker.person_id)
        if person is None:
            young = 0.35 if taker.person_id in self.young_ids else 0
            person = self.person[taker.person_id] = self.rng.gauss(0, 0.8) - young
        key = (taker.person_id, competence_id)
        if key not in self.competence:
            self.competence[key] = self.rng.gauss(0, 0.6)
        organization = self.organization.get(taker.organization_id, 0)
        return self.BASE + person + organization + self.competence[key]


def sigmoid(value):
    return 1 / (1 + math.exp(-value))


def build_demo_diagnostics(context):
    if context.region is None:
        return
    instruments = {
        instrument.code: instrument
        for instrument in Instrument.objects.filter(
            code__in=[METHODICAL, YOUNG, BURNOUT], status=InstrumentStatus.PUBLISHED
        )
    }
    young_ids = set(Person.objects.young_specialists(context.today).values_list("pk", flat=True))
    demo = DemoDiagnostics(context, Abilities(context.rng, context.organizations, young_ids))
    demo.federal(spring_start(context.today) - timedelta(days=110))
    if METHODICAL in instruments:
        demo.spring_campaign(instruments[METHODICAL])
    if YOUNG in instruments:
        for starts in sorted([march_start(context.today), october_start(context.today)]):
            demo.young_campaign(instruments[YOUNG], starts)
    if BURNOUT in instruments:
        demo.open_campaign(instruments[BURNOUT])
    demo.save()
    context.summary.update(demo.summary())


def spring_start(today):
    """10 March of the latest spring whose campaign (to 20 April) is over."""
    year = today.year if today > date(today.year, 4, 20) else today.year - 1
    return date(year, 3, 10)


def march_start(today):
    """1 March of the latest spring whose young teachers' wave (to 25 March) is over."""
    year = today.year if today > date(today.year, 3, 25) else today.year - 1
    return date(year, 3, 1)


def october_start(today):
    year = today.year if today > date(today.year, 10, 25) else today.year - 1
    return date(year, 10, 1)


class DemoDiagnostics:
    def __init__(self, context, abilities):
        self.context = context
        self.rng = context.rng
        self.today = context.today
        self.abilities = abilities
        self.results = []  # unsaved CompetenceResult rows
        self.attempts = []
        self.campaigns = []
        self.competences = dict(Competence.objects.values_list("code", "pk"))
        self.teacher = getattr(context.users.get("teacher"), "person_id", None)
        self.imported = 0
        self.deficits = []

    def moment(self, day, hour=10):
        minute = self.rng.randint(0, 59)
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    # The federal diagnostics, imported ---------------------------------------------------------

    def federal(self, day):
        """Results of the federal diagnostics for part of the teachers with a СНИЛС, as the
        results import writes them: percent and level by the default thresholds."""
        with_snils = set(Person.objects.filter(snils__isnull=False).values_list("pk", flat=True))
        takers = [t for t in self.teachers(day) if t.person_id in with_snils]
        chosen = [t for t in takers if self.rng.random() < FEDERAL_SHARE]
        batch = ImportBatch.objects.create(
            kind="results",
            user=self.context.users.get("cnppm"),
            filename=f"fdpk_{day.year}.xlsx",
            status=ImportBatchStatus.APPLIED,
            applied=self.moment(day + timedelta(days=21), 11),
        )
        for taker in chosen:
            measured = day + timedelta(days=self.rng.randint(0, 2))
            for code, maximum in FEDERAL_MAXIMA.items():
                if code in self.competences:
                    self.results.append(self.federal_result(taker, code, maximum, measured, batch))
        self.imported = len(self.results)
        counts = {"create": self.imported, "update": 0, "unchanged": 0, "skipped": 0, "errors": 0}
        batch.summary = {
            "total": self.imported,
            "counts": counts,
            "rows": {"create": [], "update": [], "unchanged": []},
            "errors": [],
            "notes": [_("Демонстрационный файл: строки не сохранены.")],
        }
        batch.save(update_fields=["summary"])

    def teachers(self, day):
        """The region's teachers on a day, each person once, the main job first."""
        rows = (
            Employment.objects.active(day)
            .filter(organization__municipality__region=self.context.region, position__name=TEACHER)
            .order_by("person_id", "-is_main", "start_date", "pk")
            .values_list("person_id", "organization_id", "position__name")
        )
        takers = {}
        for person_id, organization_id, position in rows:
            takers.setdefault(person_id, Taker(person_id, organization_id, position))
        return list(takers.values())

    def federal_result(self, taker, code, maximum, measured, batch):
        competence_id = self.competences[code]
        # Before the winter's courses the levels were a little lower than in spring.
        logit = self.abilities.logit(taker, competence_id) - 0.35 + self.rng.gauss(0, 0.4)
        score = Decimal(round(maximum * sigmoid(logit)))
        percent = scoring.percent_of(score, Decimal(maximum))
        return CompetenceResult(
            person_id=taker.person_id,
            organization_id=taker.organization_id,
            competence_id=competence_id,
            source=ResultSource.IMPORT,
            source_title=FEDERAL_SOURCE,
            import_batch=batch,
            measured_on=measured,
            score=score,
            max_score=Decimal(maximum),
            percent=percent,
            level=scoring.level_for(percent, DEFAULT_DEFICIT_BELOW, DEFAULT_PROFICIENT_FROM),
        )

    # Campaigns ---------------------------------------------------------------------------------

    def spring_campaign(self, instrument):
        starts = spring_start(self.today)
        self.campaign(
            instrument,
            title=_("Региональная диагностика методических компетенций учителей, весна %(year)s")
            % {"year": starts.year},
            description=_(
                "Диагностика учителей региона по тесту методической и психолого-педагогической "
                "компетентности. По её итогам строятся индивидуальные образовательные маршруты."
            ),
            positions=[TEACHER],
            level=CampaignLevel.REGION,
            starts_on=starts,
            ends_on=starts + timedelta(days=41),
            share=SPRING_SUBMITTED,
            by=self.context.users.get("cnppm"),
        )

    def young_campaign(self, instrument, starts):
        season = _("весна") if starts.month < 7 else _("осень")
        self.campaign(
            instrument,
            title=_(
                "Мониторинг профессиональных затруднений молодых педагогов, %(season)s %(year)s"
            )
            % {"season": season, "year": starts.year},
            description=_(
                "Анкетирование молодых специалистов: до 35 лет в первые три года работы."
            ),
            level=CampaignLevel.REGION,
            starts_on=starts,
            ends_on=starts + timedelta(days=24),
            share=YOUNG_SUBMITTED,
            young_only=True,
            always_submitted={self.teacher},
            by=self.context.users.get("regmethodist"),
        )

    def open_campaign(self, instrument):
        centre = self.context.municipalities[0]
        self.campaign(
            instrument,
            title=_("Скрининг профессионального выгорания педагогов: %(municipality)s")
            % {"municipality": centre.name},
            description=_(
                "Короткий скрининг признаков профессионального выгорания. Личный результат видят "
                "сам педагог и педагог-психолог ЦНППМ, который предложит поддержку."
            ),
            level=CampaignLevel.MUNICIPALITY,
            municipality=centre,
            starts_on=self.today - timedelta(days=12),
            ends_on=self.today + timedelta(days=18),
            share=OPEN_SUBMITTED,
            never_submitted={self.teacher},
            by=self.context.users.get("municipal"),
        )

    def campaign(
        self,
        instrument,
        *,
        share,
        by,
        positions=(),
        always_submitted=(),
        never_submitted=(),
        **data,
    ):
        campaign = Campaign.objects.create(
            instrument=instrument, region=self.context.region, created_by=by, **data
        )
        campaign.positions.set(Position.objects.filter(name__in=positions))
        self.campaigns.append(campaign)
        items = services.scored_items(instrument)
        last_day = min(campaign.ends_on, self.today - timedelta(days=1))
        attempts, answers = [], []
        for taker in self.covered(campaign):
            attempt = Attempt(
                campaign=campaign, person_id=taker.person_id, organization_id=taker.organization_id
            )
            attempts.append(attempt)
            if taker.person_id in never_submitted:
                continue
            if taker.person_id in always_submitted or self.rng.random() < share:
                # The demo teacher answers in the first days, as the diligent do.
                latest = 3 if taker.person_id in always_submitted else None
                day = self.answered_on(campaign.starts_on, last_day, latest)
                answers += self.submit(attempt, taker, items, day)
        Attempt.objects.bulk_create(attempts)
        Answer.objects.bulk_create(answers)
        self.attempts += attempts

    def answered_on(self, first, last, within=None):
        days = (last - first).days
        return first + timedelta(days=self.rng.randint(0, min(days, within or days)))

    def covered(self, campaign):
        """Like services.assign_campaign: a closed campaign was assigned on its first day, an
        open one has taken in the newcomers up to today."""
        on = campaign.starts_on if campaign.ends_on < self.today else self.today
        takers = {}
        for person_id, organization_id, position in (
            services.covered_employments(campaign, on=on)
            .order_by("person_id", "-is_main", "start_date", "pk")
            .values_list("person_id", "organization_id", "position__name")
        ):
            takers.setdefault(person_id, Taker(person_id, organization_id, position))
        return list(takers.values())

    def submit(self, attempt, taker, items, day):
        """Answers from the person's ability, scored and recorded as submit_attempt does."""
        attempt.status = AttemptStatus.SUBMITTED
        attempt.submitted_at = self.moment(day, self.rng.randint(9, 19))
        attempt.started_at = attempt.submitted_at - timedelta(minutes=self.rng.randint(12, 45))
        responses, answers = {}, []
        for item in items:
            response = self.respond(taker, item)
            if response is not None:
                responses[item.id] = response
                answers.append(
                    Answer(
                        attempt=attempt,
                        item_id=item.id,
                        options=list(response.options),
                        number=response.number,
                        text=response.text,
                    )
                )
        instrument = attempt.campaign.instrument
        scores = scoring.score_attempt(
            items, responses, instrument.deficit_below, instrument.proficient_from
        )
        for competence_id, value in scores.items():
            self.results.append(
                CompetenceResult(
                    person_id=taker.person_id,
                    organization_id=attempt.organization_id,
                    competence_id=competence_id,
                    source=ResultSource.CAMPAIGN,
                    source_title=attempt.campaign.title,
                    attempt=attempt,
                    measured_on=day,
                    score=value.score,
                    max_score=value.max_score,
                    percent=scoring.percent_of(value.score, value.max_score),
                    level=value.level,
                )
            )
        return answers

    def respond(self, taker, item):
        """One answer: right (or high on a scale) with the odds of the person's ability in the
        item's competences."""
        rng = self.rng
        if item.kind == ItemKind.TEXT:
            return scoring.Response(text=rng.choice(OPEN_ANSWERS)) if rng.random() < 0.4 else None
        logits = [self.abilities.logit(taker, competence) for competence, _weight in item.links]
        chance = sigmoid(sum(logits) / len(logits) + rng.gauss(0, 0.5)) if logits else 0.5
        if item.kind == ItemKind.SINGLE:
            options = list(item.options)
            best = max(options, key=item.options.get)
            others = [option for option in options if option != best]
            right = rng.random() < chance or not others
            return scoring.Response(options=(best if right else rng.choice(others),))
        if item.kind == ItemKind.MULTIPLE:
            chosen = tuple(
                option
                for option, points in item.options.items()
                if rng.random() < (chance if points > 0 else (1 - chance) * 0.4)
            )
            return scoring.Response(options=chosen)
        if item.kind == ItemKind.NUMBER:
            if rng.random() < chance:
                return scoring.Response(number=item.correct_number)
            miss = (item.tolerance + 1) * rng.choice((-2, -1, 1, 3))
            return scoring.Response(number=item.correct_number + miss)
        span = item.scale_max - item.scale_min
        step = min(max(round(chance * span + rng.gauss(0, 0.6)), 0), span)
        value = item.scale_max - step if item.reverse else item.scale_min + step
        return scoring.Response(number=Decimal(value))

    # Saving ------------------------------------------------------------------------------------

    def save(self):
        """The results oldest first, then the deficits they open and close."""
        self.results.sort(key=lambda result: result.measured_on)
        CompetenceResult.objects.bulk_create(self.results)
        self.deficits = deficits_of(self.results)
        Deficit.objects.bulk_create(self.deficits)

    def summary(self):
        submitted = [a for a in self.attempts if a.status == AttemptStatus.SUBMITTED]
        closed = [d for d in self.deficits if d.status == DeficitStatus.CLOSED]
        return {
            _("Диагностические кампании"): len(self.campaigns),
            _("Прохождения диагностики"): len(self.attempts),
            _("  из них завершены"): len(submitted),
            _("Результаты по компетенциям"): len(self.results),
            _("  из них загружены из федеральной диагностики"): self.imported,
            _("Профессиональные дефициты"): len(self.deficits),
            _("  из них закрыты повторной диагностикой"): len(closed),
        }


def deficits_of(results):
    """The deficits that services.update_deficit opens and closes when the results are recorded
    one by one by date (and by id on a date): a deficit opens at a result below the proficient
    level when none is open, and closes at the next proficient one."""
    open_now, deficits = {}, []
    for result in sorted(results, key=lambda r: (r.measured_on, r.pk)):
        key = (result.person_id, result.competence_id)
        deficit = open_now.get(key)
        if result.level == CompetenceLevel.PROFICIENT:
            if deficit is not None:
                deficit.status = DeficitStatus.CLOSED
                deficit.closed_by = result
                deficit.closed_on = result.measured_on
                del open_now[key]
        elif deficit is None:
            open_now[key] = Deficit(
                person_id=result.person_id,
                organization_id=result.organization_id,
                competence_id=result.competence_id,
                level=result.level,
                found_by=result,
                found_on=result.measured_on,
            )
            deficits.append(open_now[key])
    return deficits
