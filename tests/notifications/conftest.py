import pytest

from tests import factories


@pytest.fixture
def anna(db):
    return factories.UserFactory(username="anna", first_name="Анна", email="anna@school1.ru")


@pytest.fixture
def boris(db):
    return factories.UserFactory(username="boris", first_name="Борис", email="boris@school2.ru")


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Runs what the block queued for the commit, as the end of a real transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
