"""What the project-wide URL walk (tests/core/test_url_walk.py) needs of staffing: a vacancy of
the organization in `objects`, which a user of another organization must never reach."""

from profrost.staffing.models import Vacancy
from tests.staffing.factories import VacancyFactory


def extend(objects, user):
    objects[Vacancy] = VacancyFactory(organization=objects["organization"])
