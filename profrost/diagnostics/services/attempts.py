"""State changes of attempts: assigning campaigns, answering, submitting.

Every function here is atomic and validated; the HTML views, the API and the importer call them.
"""

from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.dates import format_date
from profrost.notifications.models import NotificationKind
from profrost.notifications.services import notify
from profrost.registry.models import ConsentState, Employment, Person, PositionCategory

from .. import scoring
from ..models import (
    CHOICE_KINDS,
    Answer,
    Attempt,
    AttemptStatus,
    CampaignLevel,
    ItemKind,
    ResultSource,
)
from .notices import screening_attention
from .results import record_result

# Campaigns -----------------------------------------------------------------------------------


def covered_employments(campaign, on=None):
    """Active employments of the people a campaign covers, main places of work first."""
    on = on or max(campaign.starts_on, timezone.localdate())
    employments = Employment.objects.active(on)
    if campaign.level == CampaignLevel.ORGANIZATION:
        employments = employments.filter(organization=campaign.organization_id)
    elif campaign.level == CampaignLevel.MUNICIPALITY:
        employments = employments.filter(organization__municipality=campaign.municipality_id)
    else:
        employments = employments.filter(organization__municipality__region=campaign.region_id)
    positions = list(campaign.positions.values_list("pk", flat=True)) or list(
        campaign.instrument.positions.values_list("pk", flat=True)
    )
    if positions:
        employments = employments.filter(position__in=positions)
    else:
        employments = employments.filter(position__category=PositionCategory.TEACHING)
    subjects = list(campaign.subjects.values_list("pk", flat=True))
    if subjects:
        employments = employments.filter(subjects__in=subjects)
    if campaign.young_only:
        employments = employments.filter(
            person__in=Person.objects.young_specialists(campaign.starts_on).values("pk")
        )
    # Who withdrew their consent is not diagnosed any more (docs/personal-data.md).
    employments = employments.exclude(person__consent_state=ConsentState.WITHDRAWN)
    return employments.order_by("person_id", "-is_main", "start_date")


@transaction.atomic
def assign_campaign(campaign, *, by):
    """Creates an attempt for everyone the campaign covers who has none yet; returns the count."""
    assigned = set(campaign.attempts.values_list("person_id", flat=True))
    organization_of = {}
    for person_id, organization_id in covered_employments(campaign).values_list(
        "person_id", "organization_id"
    ):
        if person_id not in assigned:
            organization_of.setdefault(person_id, organization_id)
    Attempt.objects.bulk_create(
        Attempt(campaign=campaign, person_id=person_id, organization_id=organization_id)
        for person_id, organization_id in organization_of.items()
    )
    audit.log(by, "diagnostics.campaign.assigned", campaign, count=len(organization_of))
    notify_assigned(campaign, list(organization_of))
    return len(organization_of)


def notify_assigned(campaign, person_ids):
    """The people given an attempt of the campaign, those with an account, are told once."""
    notify(
        get_user_model().objects.filter(person__in=person_ids),
        NotificationKind.DIAGNOSTIC_ASSIGNED,
        **assigned_message(campaign),
    )


def assigned_message(campaign):
    """What a person is told of the campaign assigned to them (the demo tells it too)."""
    return {
        "title": _("Назначена диагностика «%(title)s»") % {"title": campaign.title},
        "text": _("Пройдите её с %(start)s по %(end)s.")
        % {"start": format_date(campaign.starts_on), "end": format_date(campaign.ends_on)},
        "url": reverse("diagnostics:my_diagnostics"),
        "key": f"campaign:{campaign.pk}",
    }


# Answering -----------------------------------------------------------------------------------


def check_can_answer(attempt, by):
    """Only the person themselves answers, only before submitting and while the campaign runs."""
    if by.person_id is None or by.person_id != attempt.person_id:
        raise PermissionDenied(_("Отвечать может только сам участник диагностики."))
    if attempt.is_submitted:
        raise ValidationError(_("Диагностика уже завершена: ответы изменить нельзя."))
    campaign = attempt.campaign
    today = timezone.localdate()
    if today < campaign.starts_on:
        raise ValidationError(
            _("Диагностика начнётся %(date)s.") % {"date": campaign.starts_on.strftime("%d.%m.%Y")}
        )
    if today > campaign.ends_on:
        raise ValidationError(
            _("Срок диагностики истёк %(date)s: ответы больше не принимаются.")
            % {"date": campaign.ends_on.strftime("%d.%m.%Y")}
        )


def _parse_number(value):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
    except InvalidOperation as error:
        raise ValidationError(_("Введите число.")) from error
    if not number.is_finite() or abs(number) >= Decimal("1e9"):
        raise ValidationError(_("Введите число."))
    return number


def clean_answer(item, options=(), number=None, text=""):
    """The answer in stored form, or a ValidationError with a Russian message."""
    options = [int(option) for option in options if str(option).strip()]
    if item.kind in CHOICE_KINDS:
        valid = set(item.options.values_list("pk", flat=True))
        if not set(options) <= valid:
            raise ValidationError(_("Выбран вариант, которого нет в вопросе."))
        if item.kind == ItemKind.SINGLE and len(options) > 1:
            raise ValidationError(_("В этом вопросе можно выбрать только один вариант."))
        return {"options": sorted(set(options)), "number": None, "text": ""}
    if item.kind == ItemKind.SCALE:
        value = _parse_number(number)
        if value is not None and (
            value != value.to_integral_value() or not item.scale_min <= value <= item.scale_max
        ):
            raise ValidationError(
                _("Выберите значение шкалы от %(low)s до %(high)s.")
                % {"low": item.scale_min, "high": item.scale_max}
            )
        return {"options": [], "number": value, "text": ""}
    if item.kind == ItemKind.NUMBER:
        return {"options": [], "number": _parse_number(number), "text": ""}
    text = (text or "").strip()
    if len(text) > 5000:
        raise ValidationError(_("Ответ длиннее 5000 символов."))
    return {"options": [], "number": None, "text": text}


@transaction.atomic
def save_answer(attempt, item, *, by, options=(), number=None, text=""):
    attempt = Attempt.objects.select_for_update().select_related("campaign").get(pk=attempt.pk)
    check_can_answer(attempt, by)
    if item.instrument_id != attempt.campaign.instrument_id:
        raise ValidationError(_("Этого вопроса нет в диагностике."))
    values = clean_answer(item, options, number, text)
    answer, _created = Answer.objects.update_or_create(attempt=attempt, item=item, defaults=values)
    if attempt.status == AttemptStatus.ASSIGNED:
        attempt.status = AttemptStatus.IN_PROGRESS
        attempt.started_at = timezone.now()
        attempt.save(update_fields=["status", "started_at"])
    return answer


def scored_items(instrument):
    items = instrument.items.prefetch_related("options", "links")
    return [
        scoring.ScoredItem(
            id=item.pk,
            kind=item.kind,
            options={option.pk: option.points for option in item.options.all()},
            scale_min=item.scale_min,
            scale_max=item.scale_max,
            reverse=item.reverse,
            correct_number=item.correct_number,
            tolerance=item.tolerance,
            points=item.points,
            links=tuple((link.competence_id, link.weight) for link in item.links.all()),
        )
        for item in items
    ]


def score(attempt):
    instrument = attempt.campaign.instrument
    responses = {
        answer.item_id: scoring.Response(
            options=tuple(answer.options), number=answer.number, text=answer.text
        )
        for answer in attempt.answers.all()
    }
    return scoring.score_attempt(
        scored_items(instrument), responses, instrument.deficit_below, instrument.proficient_from
    )


@transaction.atomic
def submit_attempt(attempt, *, by, now=None):
    """Submits once: scores the answers and records a result per competence; a sensitive
    screening that leaves a deficit open is told to the psychologist (`notices`)."""
    attempt = (
        Attempt.objects.select_for_update()
        .select_related("campaign__instrument")
        .get(pk=attempt.pk)
    )
    check_can_answer(attempt, by)
    now = now or timezone.now()
    attempt.status = AttemptStatus.SUBMITTED
    attempt.submitted_at = now
    if attempt.started_at is None:
        attempt.started_at = now
    attempt.save(update_fields=["status", "submitted_at", "started_at"])
    results = [
        record_result(
            person=attempt.person,
            organization_id=attempt.organization_id,
            competence_id=competence_id,
            source=ResultSource.CAMPAIGN,
            source_title=attempt.campaign.title,
            measured_on=timezone.localdate(now),
            score=value.score,
            max_score=value.max_score,
            level=value.level,
            attempt=attempt,
        )
        for competence_id, value in score(attempt).items()
    ]
    audit.log(by, "diagnostics.attempt.submitted", attempt, results=len(results))
    screening_attention(attempt)
    return results
