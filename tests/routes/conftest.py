import pytest

from tests.routes.factories import route_people


@pytest.fixture
def people(two_orgs):
    return route_people(two_orgs)
