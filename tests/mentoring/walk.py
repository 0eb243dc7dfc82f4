"""What the project-wide URL walk (tests/core/test_url_walk.py) needs of mentoring: a programme,
a pair and a meeting of the organization and person in `objects`."""

from profrost.diagnostics.models import Deficit
from profrost.mentoring import models
from tests import factories
from tests.mentoring.factories import MeetingFactory, PairFactory, ProgramFactory


def extend(objects, user):
    organization, mentee = objects["organization"], objects["person"]
    mentor = factories.EmploymentFactory(
        organization=organization, person__last_name="Наставникова"
    ).person
    program = ProgramFactory(title="Программа наставничества для обхода", organization=organization)
    pair = PairFactory(program=program, organization=organization, mentor=mentor, mentee=mentee)
    deficit = objects.get(Deficit)
    if deficit is not None:
        pair.deficits.add(deficit)
    meeting = MeetingFactory(pair=pair)
    objects.update(
        {
            models.MentoringProgram: program,
            models.MentoringPair: pair,
            models.MentoringMeeting: meeting,
            "program": program,
            "pair": pair,
        }
    )
