import pytest

from profrost.core.roles import Role
from tests import factories
from tests.staffing.factories import VacancyFactory


@pytest.fixture
def vacancy_a(two_orgs):
    return VacancyFactory(organization=two_orgs["org_a"])


@pytest.fixture
def vacancy_b(two_orgs):
    return VacancyFactory(organization=two_orgs["org_b"])


@pytest.fixture
def org_admin_b(two_orgs):
    return factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"])


@pytest.fixture
def methodist_a(two_orgs):
    return factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])


@pytest.fixture
def teacher_a(two_orgs):
    return factories.teacher_user(two_orgs["person_a"])
