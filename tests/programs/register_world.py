"""A provider with a finished cohort whose documents are issued with everything ФИС ФРДО needs:
the world of the pre-check and export tests."""

from datetime import date, timedelta

from profrost.core.roles import Role
from profrost.programs import services
from profrost.programs.models import (
    DocumentNumbering,
    DppType,
    EnrollmentStatus,
    FundingSource,
    ProgramKind,
    StudyForm,
)
from profrost.registry.models import EducationLevel, Gender
from tests import factories
from tests.programs.factories import CohortFactory, EnrollmentFactory, ProgramFactory, today


def learner(organization, number, gender=Gender.FEMALE):
    person = factories.EmploymentFactory(
        organization=organization,
        person__last_name=f"Учащаяся{number}",
        person__first_name="Анна",
        person__middle_name="Петровна",
        person__birth_date=date(1985, 1, number),
    ).person
    person.gender = gender
    person.education_level = EducationLevel.HIGHER
    person.diploma_last_name = f"Девичья{number}"
    person.diploma_series = "1077"
    person.diploma_number = f"00{number}"
    person.save()
    return person


def register_world(two_orgs, region, learners=3):
    """Organization B provides a ПК program; its cohort has finished and `learners` people of
    organization A completed it. The provider's methodist works at B."""
    provider = two_orgs["org_b"]
    DocumentNumbering.objects.create(
        provider=provider,
        series="ПК",
        funding=FundingSource.objects.get(name__contains="субъектов"),
    )
    program = ProgramFactory(
        title="Формирование функциональной грамотности",
        region=region,
        provider=provider,
        kind=ProgramKind.PK,
        dpp_type=DppType.PK,
        hours=72,
        form=StudyForm.MIXED,
        activity_area="Образование и наука",
        speciality_group="44.00.00 Образование и педагогические науки",
    )
    cohort = CohortFactory(
        program=program,
        starts_on=today() - timedelta(days=40),
        ends_on=today() - timedelta(days=5),
        capacity=30,
    )
    methodist = factories.user_with_role(Role.REGIONAL_METHODIST, region)
    methodist.person = factories.EmploymentFactory(organization=provider).person
    methodist.save()
    enrollments = []
    for number in range(1, learners + 1):
        enrollment = EnrollmentFactory(
            cohort=cohort,
            person=learner(two_orgs["org_a"], number),
            organization=two_orgs["org_a"],
            status=EnrollmentStatus.APPROVED,
        )
        services.complete(enrollment, by=methodist, completed_on=cohort.ends_on)
        enrollment.refresh_from_db()
        enrollments.append(enrollment)
    return {
        **two_orgs,
        "region": region,
        "provider": provider,
        "program": program,
        "cohort": cohort,
        "methodist": methodist,
        "enrollments": enrollments,
        "period": (cohort.starts_on, today()),
    }
