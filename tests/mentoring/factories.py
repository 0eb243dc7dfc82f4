"""Factories of mentoring rows. They write rows directly, as fixtures; the rules are tested
through `profrost.mentoring.services`."""

from datetime import timedelta

import factory
from django.utils import timezone

from profrost.core.dates import add_years
from profrost.core.roles import Role
from profrost.mentoring import models
from tests import factories


def today():
    return timezone.localdate()


def teacher(organization, **person):
    """A person with a current job as a teacher in the organization."""
    fields = {f"person__{name}": value for name, value in person.items()}
    return factories.EmploymentFactory(organization=organization, **fields).person


def young_teacher(organization, **person):
    """A teacher of 24 in the first year of career."""
    day = today()
    person.setdefault("birth_date", add_years(day, -24))
    person.setdefault("career_start", day - timedelta(days=200))
    fields = {f"person__{name}": value for name, value in person.items()}
    return factories.EmploymentFactory(
        organization=organization, start_date=day - timedelta(days=200), **fields
    ).person


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MentoringProgram

    title = factory.Sequence(lambda n: f"Программа наставничества {n}")
    level = models.ProgramLevel.ORGANIZATION
    organization = factory.SubFactory(factories.OrganizationFactory)
    municipality = factory.LazyAttribute(lambda o: o.organization.municipality)
    region = factory.LazyAttribute(lambda o: o.municipality.region)
    starts_on = factory.LazyFunction(lambda: today() - timedelta(days=180))
    ends_on = factory.LazyFunction(lambda: today() + timedelta(days=180))
    goals = "Адаптация молодых педагогов"


class PairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MentoringPair

    organization = factory.SubFactory(factories.OrganizationFactory)
    mentor = factory.LazyAttribute(lambda o: teacher(o.organization))
    mentee = factory.LazyAttribute(lambda o: young_teacher(o.organization))
    kind = models.PairKind.MENTOR_YOUNG
    starts_on = factory.LazyFunction(lambda: today() - timedelta(days=90))
    planned_end_on = factory.LazyFunction(lambda: today() + timedelta(days=270))
    goals = "Освоить технологию формирующего оценивания"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MentoringMeeting

    pair = factory.SubFactory(PairFactory)
    held_on = factory.LazyFunction(lambda: today() - timedelta(days=10))
    topic = factory.Sequence(lambda n: f"Разбор урока {n}")


def deficit(person, organization=None, code=None, name=None):
    """An open deficit of the person, found by an imported result."""
    from profrost.diagnostics.models import CompetenceResult, Deficit

    competence = factories.CompetenceFactory(
        **({"code": code} if code else {}), **({"name": name} if name else {})
    )
    result = CompetenceResult.objects.create(
        person=person,
        organization=organization,
        competence=competence,
        source="import",
        source_title="Федеральная диагностика",
        measured_on=today() - timedelta(days=30),
        score=1,
        max_score=4,
        percent=25,
        level="deficit",
    )
    return Deficit.objects.create(
        person=person,
        organization=organization,
        competence=competence,
        level="deficit",
        found_by=result,
        found_on=result.measured_on,
    )


def school_world(two_orgs):
    """Organization A with an experienced mentor and a young specialist, and the logins of its
    administrator, of the mentor, of the mentee and of organization B's administrator."""
    org = two_orgs["org_a"]
    mentor = teacher(org, last_name="Наставникова", first_name="Мария")
    mentee = young_teacher(org, last_name="Молодцова", first_name="Юлия")
    return {
        **two_orgs,
        "org": org,
        "mentor": mentor,
        "mentee": mentee,
        "admin": factories.user_with_role(Role.ORGANIZATION_ADMIN, org),
        "mentor_user": factories.teacher_user(mentor),
        "mentee_user": factories.teacher_user(mentee),
        "admin_b": factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"]),
    }
