import pytest

from profrost.core.roles import Role
from tests import factories
from tests.practices.factories import PracticeFactory, teacher


@pytest.fixture
def bank(two_orgs, region):
    """Organization A's teacher (Альфина) has submitted a municipal practice; two experts of
    organization A have logins; there are a municipal methodist of A's municipality, a regional
    methodist, an organization administrator of A and one of B, and B's teacher."""
    org_a = two_orgs["org_a"]
    expert_1 = teacher(org_a, last_name="Экспертов")
    expert_2 = teacher(org_a, last_name="Оценщикова")
    practice = PracticeFactory(
        title="Листы самопроверки на уроках математики",
        organization=org_a,
        main_author=two_orgs["person_a"],
    )
    return {
        **two_orgs,
        "practice": practice,
        "expert_1": expert_1,
        "expert_2": expert_2,
        "expert_1_user": factories.teacher_user(expert_1),
        "expert_2_user": factories.teacher_user(expert_2),
        "author_user": factories.teacher_user(two_orgs["person_a"]),
        "teacher_b": factories.teacher_user(two_orgs["person_b"]),
        "methodist_a": factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"]),
        "regional": factories.user_with_role(Role.REGIONAL_METHODIST, region),
        "admin_a": factories.user_with_role(Role.ORGANIZATION_ADMIN, org_a),
        "admin_b": factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"]),
    }
