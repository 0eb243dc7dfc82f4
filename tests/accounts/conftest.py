import pytest

from profrost.core.roles import Role
from tests import factories


@pytest.fixture
def school(two_orgs):
    """Школа А with three teachers who have an e-mail, one without, and its administrator."""
    org = two_orgs["org_a"]
    teachers = [
        factories.EmploymentFactory(
            organization=org, person__email=f"teacher{n}@school-a.ru", person__first_name="Анна"
        ).person
        for n in range(1, 4)
    ]
    no_email = factories.EmploymentFactory(organization=org, person__last_name="Безпочтова").person
    admin = factories.user_with_role(
        Role.ORGANIZATION_ADMIN, org, first_name="Мария", last_name="Директорова"
    )
    return {"org": org, "teachers": teachers, "no_email": no_email, "admin": admin}


@pytest.fixture
def outsider(two_orgs):
    """A teacher of Школа Б, with an e-mail."""
    person = two_orgs["person_b"]
    person.email = "betova@school-b.ru"
    person.save()
    return person
