from datetime import date

import factory

from profrost.achievements import models
from tests.factories import PersonFactory, RegionFactory


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Competition

    title = factory.Sequence(lambda n: f"Учитель года {n}")
    level = models.Level.REGIONAL
    year = 2025
    organizer = "Министерство образования области"
    region = factory.SubFactory(RegionFactory)


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CompetitionStage

    competition = factory.SubFactory(CompetitionFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Этап {n}")


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CompetitionParticipation

    competition = factory.SubFactory(CompetitionFactory)
    person = factory.SubFactory(PersonFactory)
    result = models.Result.PARTICIPANT


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Publication

    person = factory.SubFactory(PersonFactory)
    title = factory.Sequence(lambda n: f"Проектная деятельность на уроках математики {n}")
    kind = models.PublicationKind.ARTICLE
    edition = "Методический вестник"
    level = models.PublicationLevel.MUNICIPAL
    year = 2024


class ExpertActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ExpertActivity

    person = factory.SubFactory(PersonFactory)
    kind = models.ExpertKind.JURY
    direction = "Математика"
    body = "Жюри муниципального этапа конкурса «Учитель года»"
    level = models.Level.MUNICIPAL
    started_on = date(2024, 9, 1)
