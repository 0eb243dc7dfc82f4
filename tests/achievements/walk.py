"""What the project-wide URL walk (tests/core/test_url_walk.py) needs of achievements: one object
of each kind for organization B's person, and a competition held in the foreign region (a
competition is seen by everybody in the region where it is held)."""

from profrost.achievements import models
from profrost.registry.models import Region

from .factories import (
    CompetitionFactory,
    ExpertActivityFactory,
    ParticipationFactory,
    PublicationFactory,
    StageFactory,
)


def extend(objects, user):
    person, organization = objects["person"], objects["organization"]
    competition = CompetitionFactory(title="Конкурс Чужая область", region=objects[Region])
    stage = StageFactory(competition=competition, title="Финал")
    participation = ParticipationFactory(
        competition=competition,
        person=person,
        organization=organization,
        stage=stage,
        result=models.Result.WINNER,
    )
    publication = PublicationFactory(person=person, organization=organization)
    activity = ExpertActivityFactory(person=person, organization=organization)
    objects.update(
        {
            models.Competition: competition,
            models.CompetitionStage: stage,
            models.CompetitionParticipation: participation,
            models.Publication: publication,
            models.ExpertActivity: activity,
            "competition": competition,
        }
    )
