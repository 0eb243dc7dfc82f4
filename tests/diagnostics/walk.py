"""What the project-wide URL walk (tests/core/test_url_walk.py) needs of diagnostics: the objects
of organization B (and of a foreign region) that a user of organization A must never reach."""

from profrost.diagnostics import models as diagnostics
from profrost.registry.models import Region
from tests import factories


def extend(objects, user_b):
    foreign_region = objects[Region]
    competence = factories.CompetenceFactory(code="WALK.1")
    instrument = factories.InstrumentFactory(
        title="Инструмент Чужая область", region=foreign_region
    )
    item = factories.choice_item(instrument, [competence])
    campaign = factories.CampaignFactory(
        title="Диагностика Школа Б",
        instrument=instrument,
        level="organization",
        region=objects["organization"].municipality.region,
        municipality=objects["organization"].municipality,
        organization=objects["organization"],
    )
    attempt = factories.AttemptFactory(
        campaign=campaign, person=objects["person"], organization=objects["organization"]
    )
    result = diagnostics.CompetenceResult.objects.create(
        person=objects["person"],
        organization=objects["organization"],
        competence=competence,
        source="campaign",
        source_title=campaign.title,
        attempt=attempt,
        measured_on=campaign.starts_on,
        score=0,
        max_score=1,
        percent=0,
        level="deficit",
    )
    deficit = diagnostics.Deficit.objects.create(
        person=objects["person"],
        organization=objects["organization"],
        competence=competence,
        level="deficit",
        found_by=result,
        found_on=result.measured_on,
    )
    objects.update(
        {
            diagnostics.Instrument: instrument,
            diagnostics.Item: item,
            diagnostics.Option: item.options.first(),
            diagnostics.Campaign: campaign,
            diagnostics.Attempt: attempt,
            diagnostics.CompetenceResult: result,
            diagnostics.Deficit: deficit,
            "instrument": instrument,
            "item": item,
            "campaign": campaign,
            "attempt": attempt,
        }
    )
