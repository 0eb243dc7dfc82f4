import pytest

from tests.core.test_url_walk import world  # noqa: F401  (the URL walk's fixture)
from tests.programs.factories import catalogue_world


@pytest.fixture
def catalogue(two_orgs, region):
    return catalogue_world(two_orgs, region)


@pytest.fixture
def frdo(two_orgs, region):
    from tests.programs.register_world import register_world

    return register_world(two_orgs, region)
