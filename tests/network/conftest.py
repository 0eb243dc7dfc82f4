import pytest

from tests.network.factories import network_world


@pytest.fixture
def net(two_orgs, region):
    return network_world(two_orgs, region)
