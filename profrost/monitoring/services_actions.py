"""Recommendations and management decisions: every change atomic, validated (messages in
Russian) and audited (`monitoring.recommendation.<verb>`, `monitoring.decision.<verb>`); and the
read of a decision's effect, before and after, from stored values.

Who does what: the issuing side (MANAGE_RECOMMENDATIONS over the addressee: the region, or the
municipality over its organizations and people) writes, accepts, returns and closes; only the
addressee (ANSWER_RECOMMENDATIONS over the organization, municipality or person it is addressed
to) answers. Decisions are made and changed with MANAGE_DECISIONS over their region or
municipality.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.registry.models import Employment, Municipality, Organization, Person

from .indicators import REGISTRY
from .indicators.base import HIGHER, LOWER
from .models import IndicatorValue, MonitoringPeriod, PeriodStatus, ScopeLevel, scope_key
from .models_actions import (
    DecisionStatus,
    ManagementDecision,
    Recommendation,
    RecommendationStatus,
)
from .rules import RULES
from .selectors import AnalysisScope, light
from .targets import TargetBook

MANAGE = Perm.MANAGE_RECOMMENDATIONS
ANSWER = Perm.ANSWER_RECOMMENDATIONS
DECIDE = Perm.MANAGE_DECISIONS
VIEW = Perm.VIEW_MONITORING


# Who may ---------------------------------------------------------------------------------------


def may_manage(user, recommendation):
    """The issuing side over the addressee; never the addressee person themselves (a regional
    methodist does not review the answer to a recommendation addressed to them)."""
    rows = Recommendation.objects.changeable_by(user, MANAGE).filter(pk=recommendation.pk)
    if user.person_id:
        rows = rows.exclude(person=user.person_id)
    return rows.exists()


def may_answer(user, recommendation):
    return Recommendation.objects.answerable_by(user, ANSWER).filter(pk=recommendation.pk).exists()


def may_decide(user, decision):
    return ManagementDecision.objects.changeable_by(user, DECIDE).filter(pk=decision.pk).exists()


def require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


# Rules -----------------------------------------------------------------------------------------


def apply_rules(period, *, by, codes=None, deadline=None):
    """Writes the recommendations of every rule (or of `codes`) for a computed period.

    Idempotent: an addressee that already has the rule's recommendation of the period gets no
    second one, whatever its status. Returns {rule code: number created}.
    """
    if period.status != PeriodStatus.COMPUTED:
        raise ValidationError(
            _("Период ещё не рассчитан: правила читают сохранённые значения показателей.")
        )
    validate_deadline(deadline)
    rules = [RULES[code] for code in (codes or RULES) if code in RULES]
    created = {}
    with transaction.atomic():
        for rule in rules:
            created[rule.code] = apply_rule(rule, period, by=by, deadline=deadline)
        audit.log(by, "monitoring.recommendation.rules_applied", period, created=created)
    return created


def apply_rule(rule, period, *, by, deadline):
    existing = set(
        Recommendation.objects.filter(period=period, rule=rule.code).values_list(
            "addressee_key", flat=True
        )
    )
    indicator = rule.indicator if rule.indicator in REGISTRY else ""
    count = 0
    for finding in rule.findings(period):
        key = f"{finding.level}:{finding.pk}"
        if key in existing:
            continue
        recommendation = Recommendation(
            period=period,
            rule=rule.code,
            indicator=indicator,
            region_id=finding.region_id,
            title=rule.title_for(finding, period)[:300],
            text=rule.text_for(finding, period),
            value=finding.value,
            threshold=finding.threshold,
            deadline=deadline,
            created_by=by if getattr(by, "is_authenticated", False) else None,
            **{f"{finding.level}_id": finding.pk},
        )
        recommendation.save()
        existing.add(key)
        count += 1
        audit.log(
            by,
            "monitoring.recommendation.created",
            recommendation,
            rule=rule.code,
            addressee=key,
            period=period.pk,
        )
    return count


# Recommendations written by hand ---------------------------------------------------------------


def validate_deadline(deadline, today=None):
    today = today or timezone.localdate()
    if deadline is not None and deadline < today:
        raise ValidationError({"deadline": _("Срок ответа не может быть в прошлом.")})


def addressee_region(by, *, organization=None, municipality=None, person=None, period=None):
    """The region a recommendation belongs to, for the scope."""
    if organization is not None:
        return organization.municipality.region_id
    if municipality is not None:
        return municipality.region_id
    if period is not None:
        return period.region_id
    jobs = Employment.objects.visible_to(by, MANAGE).filter(person=person)
    return (
        jobs.order_by("-is_main", "-start_date")
        .values_list("organization__municipality__region", flat=True)
        .first()
    )


def check_addressee(by, *, organization=None, municipality=None, person=None):
    """Exactly one addressee, and one the user's side may address."""
    chosen = [item for item in (organization, municipality, person) if item is not None]
    if len(chosen) != 1:
        raise ValidationError(
            _("Укажите одного адресата: организацию, муниципалитет или работника.")
        )
    scope = resolve_scope(by, MANAGE)
    if scope.everything:
        return
    if organization is not None:
        allowed = Organization.objects.visible_to(by, MANAGE).filter(pk=organization.pk)
        field = "organization"
    elif municipality is not None:
        allowed = Municipality.objects.filter(region__in=scope.region_ids, pk=municipality.pk)
        field = "municipality"
    else:
        allowed = Person.objects.visible_to(by, MANAGE).filter(pk=person.pk)
        field = "person"
    if not allowed.exists():
        raise ValidationError({field: _("Этот адресат вне вашей зоны ответственности.")})


def check_period(by, period, *, organization=None, municipality=None):
    """The period is one the user sees, and covers the addressee."""
    if period is None:
        return
    if not MonitoringPeriod.objects.visible_to(by, VIEW).filter(pk=period.pk).exists():
        raise ValidationError({"period": _("Период недоступен.")})
    if organization is not None:
        inside = (
            organization.municipality_id == period.municipality_id
            if period.level == ScopeLevel.MUNICIPALITY
            else organization.municipality.region_id == period.region_id
        )
    elif municipality is not None:
        inside = (
            municipality.pk == period.municipality_id
            if period.level == ScopeLevel.MUNICIPALITY
            else municipality.region_id == period.region_id
        )
    else:
        inside = True
    if not inside:
        raise ValidationError({"period": _("Адресат не входит в область этого периода.")})


def stored_reading(period, indicator_code, *, organization=None, municipality=None):
    """(value, target) of the indicator for the addressee in the period, when both are known:
    what a hand-written recommendation remembers of the analysis it follows."""
    indicator = REGISTRY.get(indicator_code)
    if period is None or indicator is None or (organization is None and municipality is None):
        return None, None
    if organization is not None:
        scope = AnalysisScope(
            ScopeLevel.ORGANIZATION,
            organization.pk,
            organization.short_name,
            organization.municipality.region_id,
            organization.municipality_id,
        )
    else:
        scope = AnalysisScope(
            ScopeLevel.MUNICIPALITY, municipality.pk, municipality.name, municipality.region_id
        )
    value = (
        IndicatorValue.objects.filter(period=period, indicator=indicator.code, scope_key=scope.key)
        .values_list("value", flat=True)
        .first()
    )
    book = TargetBook(
        period.ends_on.year,
        [scope.region_id],
        keys=[key for _level, key in scope.chain],
        codes=[indicator.code],
    )
    return value, book.resolve(indicator, scope).value


def create_recommendation(
    *,
    by,
    title,
    text,
    organization=None,
    municipality=None,
    person=None,
    period=None,
    indicator="",
    deadline=None,
):
    """A recommendation written by hand by the issuing side."""
    require(not resolve_scope(by, MANAGE).empty, _("Рекомендации пишут методисты."))
    addressee = {"organization": organization, "municipality": municipality, "person": person}
    check_addressee(by, **addressee)
    if indicator and indicator not in REGISTRY:
        raise ValidationError({"indicator": _("Неизвестный показатель.")})
    check_period(by, period, organization=organization, municipality=municipality)
    validate_deadline(deadline)
    validate_texts(title, text)
    value, threshold = stored_reading(
        period, indicator, organization=organization, municipality=municipality
    )
    with transaction.atomic():
        recommendation = Recommendation(
            period=period,
            indicator=indicator or "",
            region_id=addressee_region(by, period=period, **addressee),
            title=title.strip(),
            text=text.strip(),
            value=value,
            threshold=threshold,
            deadline=deadline,
            created_by=by,
            **addressee,
        )
        if recommendation.region_id is None:
            raise ValidationError({"person": _("У работника нет места работы в вашей области.")})
        recommendation.save()
        audit.log(
            by,
            "monitoring.recommendation.created",
            recommendation,
            addressee=recommendation.addressee_key,
            period=period.pk if period else None,
            indicator=recommendation.indicator,
        )
    return recommendation


def validate_texts(title, text):
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Укажите тему рекомендации.")
    if not (text or "").strip():
        errors["text"] = _("Напишите текст рекомендации.")
    if errors:
        raise ValidationError(errors)


def locked(recommendation):
    return Recommendation.objects.select_for_update().get(pk=recommendation.pk)


def update_recommendation(recommendation, *, by, title, text, deadline):
    """The issuing side corrects a recommendation that has not been answered yet."""
    require(may_manage(by, recommendation), _("Изменять рекомендацию может тот, кто её выдал."))
    validate_texts(title, text)
    validate_deadline(deadline)
    with transaction.atomic():
        recommendation = locked(recommendation)
        if recommendation.status != RecommendationStatus.NEW:
            raise ValidationError(_("Рекомендацию, на которую уже ответили, изменить нельзя."))
        recommendation.title, recommendation.text = title.strip(), text.strip()
        recommendation.deadline = deadline
        recommendation.save(update_fields=["title", "text", "deadline"])
        audit.log(by, "monitoring.recommendation.updated", recommendation)
    return recommendation


def answer_recommendation(recommendation, *, by, answer):
    """The addressee answers (or corrects the answer until the issuer has reviewed it)."""
    require(may_answer(by, recommendation), _("Ответить может только адресат рекомендации."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Напишите ответ.")})
    with transaction.atomic():
        recommendation = locked(recommendation)
        if not recommendation.is_open:
            raise ValidationError(_("Рекомендация уже рассмотрена: ответ изменить нельзя."))
        recommendation.answer = answer
        recommendation.answered_by = by
        recommendation.answered_at = timezone.now()
        recommendation.status = RecommendationStatus.ANSWERED
        recommendation.save(update_fields=["answer", "answered_by", "answered_at", "status"])
        audit.log(by, "monitoring.recommendation.answered", recommendation)
    return recommendation


def review(recommendation, *, by, status, note, verb, allowed_from, refusal):
    require(may_manage(by, recommendation), _("Рассматривает ответ тот, кто выдал рекомендацию."))
    with transaction.atomic():
        recommendation = locked(recommendation)
        if recommendation.status not in allowed_from:
            raise ValidationError(refusal)
        recommendation.status = status
        recommendation.review_note = (note or "").strip()
        recommendation.reviewed_by = by
        recommendation.reviewed_at = timezone.now()
        recommendation.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
        audit.log(by, f"monitoring.recommendation.{verb}", recommendation, note=note or "")
    return recommendation


def accept_recommendation(recommendation, *, by, note=""):
    return review(
        recommendation,
        by=by,
        status=RecommendationStatus.ACCEPTED,
        note=note,
        verb="accepted",
        allowed_from=(RecommendationStatus.ANSWERED,),
        refusal=_("Принять можно только полученный ответ."),
    )


def return_recommendation(recommendation, *, by, note):
    if not (note or "").strip():
        raise ValidationError({"note": _("Напишите, что нужно доработать.")})
    return review(
        recommendation,
        by=by,
        status=RecommendationStatus.NEW,
        note=note,
        verb="returned",
        allowed_from=(RecommendationStatus.ANSWERED,),
        refusal=_("Вернуть на доработку можно только полученный ответ."),
    )


def close_recommendation(recommendation, *, by, note=""):
    return review(
        recommendation,
        by=by,
        status=RecommendationStatus.CLOSED,
        note=note,
        verb="closed",
        allowed_from=(
            RecommendationStatus.NEW,
            RecommendationStatus.ANSWERED,
            RecommendationStatus.ACCEPTED,
        ),
        refusal=_("Рекомендация уже закрыта."),
    )


# Decisions -------------------------------------------------------------------------------------


def validate_decision(decision, by):
    errors = {}
    if decision.level == ScopeLevel.REGION:
        decision.municipality = None
    elif decision.level == ScopeLevel.MUNICIPALITY:
        if decision.municipality_id is None:
            errors["municipality"] = _("Укажите муниципалитет.")
        else:
            decision.region_id = decision.municipality.region_id
    else:
        errors["level"] = _("Укажите уровень решения.")
    if not (decision.responsible_person_id or decision.responsible_text.strip()):
        errors["responsible_text"] = _("Укажите ответственного: работника или должность.")
    if decision.deadline and decision.decided_on and decision.deadline < decision.decided_on:
        errors["deadline"] = _("Срок исполнения раньше даты решения.")
    unknown = [code for code in decision.indicators if code not in REGISTRY]
    if unknown:
        errors["indicators"] = _("Неизвестные показатели: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    decision.indicators = list(dict.fromkeys(decision.indicators))
    if errors:
        raise ValidationError(errors)
    check_decision_scope(decision, by)
    check_based_on(decision, by)


def check_decision_scope(decision, by):
    scope = resolve_scope(by, DECIDE)
    if scope.everything:
        return
    if decision.level == ScopeLevel.REGION:
        allowed = decision.region_id in scope.region_ids
        field = "region"
    else:
        allowed = (
            decision.municipality_id in scope.municipality_ids
            or decision.municipality.region_id in scope.region_ids
        )
        field = "municipality"
    if not allowed:
        raise ValidationError({field: _("Решения этого уровня вам недоступны.")})


def check_based_on(decision, by):
    """The period the decision follows: one the user sees, computed, covering its scope."""
    period = decision.based_on
    if period is None:
        return
    if not MonitoringPeriod.objects.visible_to(by, VIEW).filter(pk=period.pk).exists():
        raise ValidationError({"based_on": _("Период недоступен.")})
    if period.status != PeriodStatus.COMPUTED:
        raise ValidationError({"based_on": _("Период ещё не рассчитан.")})
    if decision.level == ScopeLevel.REGION:
        covers = period.level == ScopeLevel.REGION and period.region_id == decision.region_id
    elif period.level == ScopeLevel.MUNICIPALITY:
        covers = period.municipality_id == decision.municipality_id
    else:
        covers = period.region_id == decision.region_id
    if not covers:
        raise ValidationError({"based_on": _("Период не охватывает область решения.")})


def save_decision(decision, *, by):
    """Creates or changes a decision of a region or municipality the user decides for."""
    require(not resolve_scope(by, DECIDE).empty, _("Недостаточно прав для решений."))
    created = decision.pk is None
    if not created:
        require(may_decide(by, decision), _("Недостаточно прав для изменения решения."))
    validate_decision(decision, by)
    with transaction.atomic():
        if created:
            decision.created_by = by
        try:
            decision.save()
        except IntegrityError as error:
            raise ValidationError(_("Проверьте уровень и сроки решения.")) from error
        audit.log(
            by,
            "monitoring.decision.created" if created else "monitoring.decision.updated",
            decision,
            indicators=decision.indicators,
            status=decision.status,
        )
    return decision


# (from, to) → audit verb
DECISION_TRANSITIONS = {
    (DecisionStatus.PLANNED, DecisionStatus.IN_PROGRESS): "started",
    (DecisionStatus.PLANNED, DecisionStatus.DONE): "completed",
    (DecisionStatus.PLANNED, DecisionStatus.CANCELLED): "cancelled",
    (DecisionStatus.IN_PROGRESS, DecisionStatus.DONE): "completed",
    (DecisionStatus.IN_PROGRESS, DecisionStatus.CANCELLED): "cancelled",
    (DecisionStatus.DONE, DecisionStatus.IN_PROGRESS): "reopened",
    (DecisionStatus.CANCELLED, DecisionStatus.PLANNED): "reopened",
}


def next_statuses(decision):
    return [to for (frm, to) in DECISION_TRANSITIONS if frm == decision.status]


def set_decision_status(decision, status, *, by, result=None, today=None):
    require(may_decide(by, decision), _("Недостаточно прав для изменения решения."))
    with transaction.atomic():
        decision = ManagementDecision.objects.select_for_update().get(pk=decision.pk)
        verb = DECISION_TRANSITIONS.get((decision.status, status))
        if verb is None:
            raise ValidationError(
                _("Нельзя перевести решение из состояния «%(from)s» в «%(to)s».")
                % {
                    "from": decision.get_status_display(),
                    "to": DecisionStatus(status).label if status in DecisionStatus else status,
                }
            )
        decision.status = status
        decision.done_on = (
            (today or timezone.localdate()) if status == DecisionStatus.DONE else None
        )
        if result is not None:
            decision.result = result.strip()
        decision.save(update_fields=["status", "done_on", "result"])
        audit.log(by, f"monitoring.decision.{verb}", decision, status=status)
    return decision


# The effect of a decision: before → after ------------------------------------------------------


def next_period(period):
    """The next computed period of the same series (level, region, municipality)."""
    if period is None:
        return None
    return (
        MonitoringPeriod.objects.filter(
            status=PeriodStatus.COMPUTED,
            level=period.level,
            region=period.region_id,
            municipality=period.municipality_id,
            ends_on__gt=period.ends_on,
        )
        .order_by("ends_on", "starts_on", "pk")
        .first()
    )


@dataclass
class EffectRow:
    indicator: object
    before: object  # IndicatorValue or None
    after: object
    before_target: object
    after_target: object

    @property
    def before_value(self):
        return self.before.value if self.before else None

    @property
    def after_value(self):
        return self.after.value if self.after else None

    @property
    def change(self):
        if self.before_value is None or self.after_value is None:
            return None
        return self.after_value - self.before_value

    @property
    def improved(self):
        """True when the value moved in the indicator's better direction, False when it moved
        the other way, None when it did not move or has no better direction."""
        change = self.change
        if not change or self.indicator.direction not in (HIGHER, LOWER):
            return None
        return (change > 0) == (self.indicator.direction == HIGHER)

    @property
    def before_light(self):
        return light(self.indicator, self.before_value, self.before_target)

    @property
    def after_light(self):
        return light(self.indicator, self.after_value, self.after_target)


@dataclass
class Effect:
    before_period: object
    after_period: object
    rows: list


def decision_scope(decision):
    if decision.level == ScopeLevel.MUNICIPALITY:
        return AnalysisScope(
            ScopeLevel.MUNICIPALITY,
            decision.municipality_id,
            decision.municipality.name,
            decision.region_id,
        )
    return AnalysisScope(
        ScopeLevel.REGION, decision.region_id, decision.region.name, decision.region_id
    )


def decision_effect(decision):
    """The stored values of the decision's indicators for its scope in the period it was based
    on and in the next computed one, with their targets — read, never recomputed: at most four
    queries whatever the number of indicators."""
    before = decision.based_on
    after = next_period(before)
    indicators = [REGISTRY[code] for code in decision.indicators if code in REGISTRY]
    if before is None or not indicators:
        return Effect(before, after, [])
    scope = decision_scope(decision)
    periods = [p.pk for p in (before, after) if p is not None]
    stored = {
        (value.period_id, value.indicator): value
        for value in IndicatorValue.objects.filter(
            period__in=periods,
            scope_key=scope_key(scope.level, scope.pk),
            indicator__in=[indicator.code for indicator in indicators],
        )
    }
    keys = [key for _level, key in scope.chain]
    codes = [indicator.code for indicator in indicators]
    books = {}
    for period in (before, after):
        if period is not None and period.ends_on.year not in books:
            books[period.ends_on.year] = TargetBook(
                period.ends_on.year, [scope.region_id], keys=keys, codes=codes
            )
    rows = []
    for indicator in indicators:
        after_value = stored.get((after.pk, indicator.code)) if after else None
        rows.append(
            EffectRow(
                indicator=indicator,
                before=stored.get((before.pk, indicator.code)),
                after=after_value,
                before_target=books[before.ends_on.year].resolve(indicator, scope).value,
                after_target=books[after.ends_on.year].resolve(indicator, scope).value
                if after
                else None,
            )
        )
    return Effect(before, after, rows)
