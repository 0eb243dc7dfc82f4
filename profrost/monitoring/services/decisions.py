"""Management decisions: made and changed with MANAGE_DECISIONS over their region or
municipality; atomic, validated and audited (`monitoring.decision.<verb>`)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.scoping import resolve_scope

from ..indicators import REGISTRY
from ..models import (
    DecisionStatus,
    ManagementDecision,
    MonitoringPeriod,
    PeriodStatus,
    ScopeLevel,
)
from .common import DECIDE, VIEW, may_decide, require

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
