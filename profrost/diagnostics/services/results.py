"""Recording competence results; only the latest result of a competence opens or closes its
deficit."""

from decimal import Decimal

from django.db.models import Max, Q

from .. import scoring
from ..models import (
    CompetenceLevel,
    CompetenceResult,
    Deficit,
    DeficitStatus,
)


def record_result(*, person, competence_id, measured_on, score, max_score, level, **extra):
    """Stores a measured level and moves the competence's deficit accordingly."""
    percent = scoring.percent_of(Decimal(score), Decimal(max_score))
    result = CompetenceResult.objects.create(
        person=person,
        competence_id=competence_id,
        measured_on=measured_on,
        score=score,
        max_score=max_score,
        percent=percent,
        level=level,
        **extra,
    )
    update_deficit(result)
    return result


def update_deficit(result):
    """Only the latest result of a competence opens or closes its deficit."""
    later = (
        CompetenceResult.objects.filter(person=result.person_id, competence=result.competence_id)
        .exclude(pk=result.pk)
        .aggregate(latest=Max("measured_on"))["latest"]
    )
    if later is not None and later > result.measured_on:
        return
    open_deficit = Deficit.objects.filter(
        person=result.person_id, competence=result.competence_id, status=DeficitStatus.OPEN
    ).first()
    if result.level == CompetenceLevel.PROFICIENT:
        if open_deficit:
            open_deficit.status = DeficitStatus.CLOSED
            open_deficit.closed_by = result
            open_deficit.closed_on = result.measured_on
            open_deficit.save(update_fields=["status", "closed_by", "closed_on"])
    elif open_deficit is None:
        Deficit.objects.create(
            person_id=result.person_id,
            organization_id=result.organization_id,
            competence_id=result.competence_id,
            level=result.level,
            found_by=result,
            found_on=result.measured_on,
        )


def open_deficits(person):
    return Deficit.objects.filter(Q(person=person), Q(status=DeficitStatus.OPEN))
