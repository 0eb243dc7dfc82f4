"""Factories of the programs area. They write rows directly, as fixtures; the rules are tested
through `profrost.programs.services`."""

from datetime import timedelta

import factory
from django.utils import timezone

from profrost.core.roles import Role
from profrost.programs import models
from tests import factories


def today():
    return timezone.localdate()


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Program

    title = factory.Sequence(lambda n: f"Программа повышения квалификации {n}")
    kind = models.ProgramKind.PK
    hours = 36
    form = models.StudyForm.DISTANCE
    provider_name = "ГАУ ДПО «Институт развития образования»"
    region = factory.SubFactory(factories.RegionFactory)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Cohort

    program = factory.SubFactory(ProgramFactory)
    starts_on = factory.LazyFunction(lambda: today() + timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: today() + timedelta(days=60))
    capacity = 25


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Enrollment

    cohort = factory.SubFactory(CohortFactory)
    person = factory.SubFactory(factories.PersonFactory)
    status = models.EnrollmentStatus.APPLIED


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PostCourseSupport

    enrollment = factory.SubFactory(EnrollmentFactory)
    date = factory.LazyFunction(today)
    form = "Консультация"


class RequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TrainingRequest

    organization = factory.SubFactory(factories.OrganizationFactory)
    year = factory.LazyFunction(lambda: today().year + 1)
    direction = "Формирование функциональной грамотности"
    headcount = 1


def completed(person, on, kind=models.ProgramKind.PK, region=None, hours=None):
    """A completed enrolment of `person` on `on` in a cohort of a new program of `kind`."""
    hours = hours or (models.MIN_HOURS.get(kind) or 24)
    program = ProgramFactory(kind=kind, hours=hours, **({"region": region} if region else {}))
    cohort = CohortFactory(
        program=program, starts_on=on - timedelta(days=20), ends_on=on, capacity=30
    )
    return EnrollmentFactory(
        cohort=cohort,
        person=person,
        status=models.EnrollmentStatus.COMPLETED,
        completed_on=on,
        document_kind=models.DocumentKind.CERTIFICATE,
        document_number=f"У-{person.pk}-{on:%Y%m%d}",
    )


def catalogue_world(two_orgs, region):
    """A program of the region with a cohort of 2 places under way, and the people and logins
    around it: the teacher of organization A, A's administrator, the municipal methodist of A's
    municipality, the regional methodist (the provider side) and B's administrator."""
    program = ProgramFactory(title="Функциональная грамотность", region=region, hours=72)
    # Under way: applications are still taken and completion can be marked today.
    cohort = CohortFactory(
        program=program,
        capacity=2,
        starts_on=today() - timedelta(days=5),
        ends_on=today() + timedelta(days=25),
    )
    return {
        **two_orgs,
        "region": region,
        "program": program,
        "cohort": cohort,
        "teacher": factories.teacher_user(two_orgs["person_a"]),
        "admin": factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_a"]),
        "methodist": factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"]),
        "provider": factories.user_with_role(Role.REGIONAL_METHODIST, region),
        "admin_b": factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"]),
    }
