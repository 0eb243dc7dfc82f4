"""What the project-wide URL walk (tests/core/test_url_walk.py) needs of the practices app: a
practice (only submitted, so the public bank has nothing of it to show), a score sheet, a
dissemination, an innovation project with a report and a document of the organization and person
in `objects`."""

from profrost.practices import models
from tests import factories
from tests.practices.factories import (
    DisseminationFactory,
    DocumentFactory,
    PracticeFactory,
    ProjectFactory,
    ReportFactory,
    ReviewFactory,
)


def extend(objects, user):
    organization, person = objects["organization"], objects["person"]
    practice = PracticeFactory(
        title="Практика для обхода", organization=organization, main_author=person
    )
    expert = factories.EmploymentFactory(
        organization=organization, person__last_name="Экспертова"
    ).person
    review = ReviewFactory(practice=practice, expert=expert)
    dissemination = DisseminationFactory(practice=practice)
    project = ProjectFactory(title="Проект для обхода", organization=organization)
    report = ReportFactory(project=project)
    document = DocumentFactory(
        title="Документ для обхода",
        level=models.DocumentLevel.ORGANIZATION,
        organization=organization,
        municipality=organization.municipality,
    )
    objects.update(
        {
            models.Practice: practice,
            models.PracticeReview: review,
            models.Dissemination: dissemination,
            models.InnovationProject: project,
            models.InnovationReport: report,
            models.Document: document,
            "practice": practice,
            "project": project,
        }
    )
