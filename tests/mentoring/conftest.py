import pytest

from profrost.core.roles import Role
from tests import factories
from tests.mentoring.factories import school_world


@pytest.fixture
def school(two_orgs):
    return school_world(two_orgs)


@pytest.fixture
def methodist_a(two_orgs):
    return factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])
