"""Creating, changing and deleting campaigns; assigning goes through `attempts.assign_campaign`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.services import follow_level

from ..models import (
    Attempt,
    Campaign,
    CampaignLevel,
    CampaignStatus,
)
from ..selectors.campaigns import is_started, reusable_campaign
from .attempts import assign_campaign, notify_assigned

# Fields that decide what is answered and by whom; fixed once anyone has answered.
LOCKED_FIELDS = ("instrument", "level", "region", "municipality", "organization")
PLAIN_FIELDS = ("title", "description", "starts_on", "ends_on", "young_only", *LOCKED_FIELDS)


def _apply(campaign, data):
    for name in PLAIN_FIELDS:
        if name in data:
            setattr(campaign, name, data[name])
    follow_level(campaign, campaign.level)
    campaign.full_clean()
    campaign.save()
    for name in ("positions", "subjects"):
        if name in data:
            getattr(campaign, name).set(data[name])


@transaction.atomic
def create_campaign(*, by, data):
    """Creates a campaign and assigns it; returns the campaign and the number assigned."""
    campaign = Campaign(created_by=by if by.is_authenticated else None)
    _apply(campaign, data)
    audit.log(by, "diagnostics.campaign.created", campaign)
    return campaign, assign_campaign(campaign, by=by)


@transaction.atomic
def assign_person(person_id, *, organization, instrument, by, data, today=None):
    """An attempt of one person in an organization-level campaign of the instrument: a campaign
    the person may still take (`reusable_campaign`), else a new one made of `data` and assigned
    to this person only. Returns the attempt and whether its campaign is new."""
    campaign = reusable_campaign(person_id, organization, instrument, today)
    created = campaign is None
    if created:
        campaign = Campaign(created_by=by if by.is_authenticated else None)
        municipality = organization.municipality
        target = {"region": municipality.region, "municipality": municipality}
        target.update(level=CampaignLevel.ORGANIZATION, organization=organization)
        _apply(campaign, {**data, **target, "instrument": instrument})
        audit.log(by, "diagnostics.campaign.created", campaign, person=person_id)
    attempt, attempt_created = Attempt.objects.get_or_create(
        campaign=campaign, person_id=person_id, defaults={"organization": organization}
    )
    if attempt_created:
        notify_assigned(campaign, [person_id])
    return attempt, created


def _snapshot(campaign):
    values = {name: getattr(campaign, f"{name}_id") for name in LOCKED_FIELDS if name != "level"}
    values["level"] = campaign.level
    values["young_only"] = campaign.young_only
    values["positions"] = set(campaign.positions.values_list("pk", flat=True))
    values["subjects"] = set(campaign.subjects.values_list("pk", flat=True))
    return values


@transaction.atomic
def update_campaign(campaign, *, by, data):
    """Changes a campaign. The instrument and the target stay once anyone has answered; before
    that a change of the target or the audience assigns the campaign anew.

    Returns the number assigned anew, or None when the participants stayed as they were."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = _snapshot(campaign)
    started = is_started(campaign)
    _apply(campaign, data)
    after = _snapshot(campaign)
    changed = sorted(name for name in before if before[name] != after[name])
    if started and set(changed) & set(LOCKED_FIELDS):
        raise ValidationError(
            _(
                "Инструмент, уровень и охват кампании изменить нельзя: "
                "участники уже начали отвечать."
            )
        )
    audit.log(by, "diagnostics.campaign.updated", campaign, fields=changed)
    if started or not changed:
        return None
    campaign.attempts.all().delete()
    return assign_campaign(campaign, by=by)


def delete_campaign(campaign, *, by):
    if is_started(campaign):
        raise ValidationError(
            _(
                "Кампанию «%(campaign)s» нельзя удалить: участники уже отвечали, "
                "их ответы и результаты сохраняются."
            )
            % {"campaign": campaign}
        )
    with transaction.atomic():
        audit.log(by, "diagnostics.campaign.deleted", campaign)
        campaign.delete()


def assign_newcomers(campaign, *, by):
    """Assigns the campaign to those who joined its target since; not after it has closed."""
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("Кампания завершена: новых участников назначить нельзя."))
    return assign_campaign(campaign, by=by)
