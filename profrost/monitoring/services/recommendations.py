"""Recommendations: written by the rules over a computed period or by hand, answered by the
addressee, accepted, returned or closed by the issuing side; atomic, validated and audited
(`monitoring.recommendation.<verb>`).

Who does what: the issuing side (MANAGE_RECOMMENDATIONS over the addressee: the region, or the
municipality over its organizations and people) writes, accepts, returns and closes; only the
addressee (ANSWER_RECOMMENDATIONS over the organization, municipality or person it is addressed
to) answers.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.scoping import resolve_scope
from profrost.core.services import actor
from profrost.registry.models import Employment, Municipality, Organization, Person

from ..indicators import REGISTRY
from ..models import (
    IndicatorValue,
    MonitoringPeriod,
    PeriodStatus,
    Recommendation,
    RecommendationStatus,
    ScopeLevel,
)
from ..rules import RULES
from ..selectors import AnalysisScope, target_for
from .common import MANAGE, VIEW, may_answer, may_manage, require
from .notices import recommendation_answered, recommendation_received

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
            created_by=actor(by),
            **{f"{finding.level}_id": finding.pk},
        )
        recommendation.save()
        recommendation_received(recommendation)
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
    return value, target_for(indicator, period.ends_on.year, scope).value


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
        recommendation_received(recommendation)
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
        recommendation_answered(recommendation)
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
