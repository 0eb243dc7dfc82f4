import pytest

from .world import make_request_a, make_request_b, make_world


@pytest.fixture
def world(two_orgs, region, org_admin_a, regional_admin):
    return make_world(two_orgs, region, org_admin_a, regional_admin)


@pytest.fixture
def request_a(world):
    return make_request_a(world)


@pytest.fixture
def request_b(world):
    return make_request_b(world)
