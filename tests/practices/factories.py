"""Factories of the practices app. They write rows directly, as fixtures; the rules are tested
through `profrost.practices.services`."""

from datetime import timedelta

import factory
from django.utils import timezone

from profrost.practices import models
from tests import factories


def today():
    return timezone.localdate()


def days_ago(days):
    return today() - timedelta(days=days)


def teacher(organization, **person):
    """A person with a current job as a teacher in the organization."""
    fields = {f"person__{name}": value for name, value in person.items()}
    return factories.EmploymentFactory(organization=organization, **fields).person


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Practice

    title = factory.Sequence(lambda n: f"Практика формирующего оценивания {n}")
    kind = models.PracticeKind.PEDAGOGICAL
    level = models.PracticeLevel.MUNICIPAL
    organization = factory.SubFactory(factories.OrganizationFactory)
    municipality = factory.LazyAttribute(lambda o: o.organization.municipality)
    region = factory.LazyAttribute(lambda o: o.municipality.region)
    main_author = factory.LazyAttribute(lambda o: teacher(o.organization))
    description = "Приёмы формирующего оценивания на уроках математики в 5–9 классах."
    results = "Доля учащихся, выполняющих самопроверку, выросла с 20 до 65 %."
    status = models.PracticeStatus.SUBMITTED
    submitted_on = factory.LazyFunction(lambda: days_ago(60))


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PracticeReview

    practice = factory.SubFactory(PracticeFactory, status=models.PracticeStatus.EXPERTISE)
    expert = factory.LazyAttribute(lambda o: teacher(o.practice.organization))
    assigned_on = factory.LazyFunction(lambda: days_ago(30))


def completed_review(practice, scores=(2, 2, 2, 2, 2), expert=None, recommendation="include"):
    """A filled score sheet with the given scores of the five criteria."""
    values = dict(zip([name for name, _label in models.CRITERIA], scores, strict=True))
    return ReviewFactory(
        practice=practice,
        expert=expert or teacher(practice.organization),
        total=sum(scores),
        recommendation=recommendation,
        comment="" if recommendation == "include" else "Нужна доработка описания.",
        completed_on=days_ago(10),
        **values,
    )


class DisseminationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Dissemination

    practice = factory.SubFactory(
        PracticeFactory,
        status=models.PracticeStatus.DISSEMINATED,
        included_on=factory.LazyFunction(lambda: days_ago(30)),
    )
    held_on = factory.LazyFunction(lambda: days_ago(5))
    kind = models.DisseminationKind.MASTER_CLASS
    title = factory.Sequence(lambda n: f"Муниципальный семинар {n}")
    level = "municipal"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InnovationProject

    organization = factory.SubFactory(factories.OrganizationFactory)
    site_kind = "innovation_site"
    level = models.InnovationLevel.MUNICIPAL
    title = factory.Sequence(lambda n: f"Цифровая образовательная среда школы {n}")
    goals = "Внедрить цифровые инструменты формирующего оценивания."
    starts_on = factory.LazyFunction(lambda: days_ago(400))
    ends_on = factory.LazyFunction(lambda: today() + timedelta(days=700))


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InnovationReport

    project = factory.SubFactory(ProjectFactory)
    year = factory.LazyAttribute(lambda o: o.project.starts_on.year)
    submitted_on = factory.LazyFunction(lambda: days_ago(20))
    text = "Проведены три семинара для педагогов школы."
    effect = "Две трети учителей используют цифровые инструменты на уроках."
    effect_level = models.EffectLevel.MEDIUM


class DocumentFactory(factory.django.DjangoModelFactory):
    """A municipal document by default; pass `organization` with level «organization» or
    `level="region"` with a region."""

    class Meta:
        model = models.Document

    kind = models.DocumentKind.RECOMMENDATIONS
    title = factory.Sequence(lambda n: f"Методические рекомендации {n}")
    level = models.DocumentLevel.MUNICIPALITY
    municipality = factory.SubFactory(factories.MunicipalityFactory)
    region = factory.LazyAttribute(lambda o: o.municipality.region if o.municipality else None)
    valid_from = factory.LazyFunction(lambda: days_ago(100))
    description = "Рекомендации по организации работы ШМО."
