"""What the project-wide URL walk (tests/core/test_url_walk.py) needs of the programs area: a
program of the region in `objects` (for organization B: a foreign region), its cohort, an
enrolment of the person with post-course support, and a training request of the organization."""

from datetime import timedelta

from profrost.programs import models
from profrost.registry.models import Region
from tests.programs.factories import (
    CohortFactory,
    EnrollmentFactory,
    ProgramFactory,
    RequestFactory,
    SupportFactory,
    today,
)


def extend(objects, user):
    region, person = objects[Region], objects["person"]
    # The organization provides it, so that its documents have a provider to be checked for.
    program = ProgramFactory(
        title=f"Программа {region.name}", region=region, provider=objects["organization"]
    )
    cohort = CohortFactory(program=program)
    enrollment = EnrollmentFactory(
        cohort=CohortFactory(
            program=program,
            starts_on=today() - timedelta(days=60),
            ends_on=today() - timedelta(days=30),
        ),
        person=person,
        organization=objects["organization"],
        status=models.EnrollmentStatus.COMPLETED,
        completed_on=today() - timedelta(days=30),
        document_kind=models.DocumentKind.CERTIFICATE,
        document_number="У-0001",
    )
    support = SupportFactory(enrollment=enrollment)
    request = RequestFactory(organization=objects["organization"], person=person)
    objects.update(
        {
            models.Program: program,
            models.Cohort: cohort,
            models.Enrollment: enrollment,
            models.PostCourseSupport: support,
            models.TrainingRequest: request,
            "dpp": program,
            "enrollment": enrollment,
        }
    )
