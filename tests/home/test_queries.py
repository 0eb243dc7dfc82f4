"""The home page of every role reads its tasks in a number of queries that does not depend on
how many tasks there are: one task of each kind against five."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profrost.core.roles import Role
from profrost.monitoring import services as monitoring
from tests import factories
from tests.home import world


def home_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured), sum(group.total for group in response.context["task_groups"])


def assert_constant(client, user, add_tasks):
    """Queries of the home page with one task of each kind equal those with five."""
    client.force_login(user)
    add_tasks()
    client.get("/")  # the session and the caches settle
    few, few_tasks = home_queries(client)
    for _ in range(4):
        add_tasks()
    many, many_tasks = home_queries(client)
    assert many_tasks > few_tasks
    assert many == few


def test_teacher_and_tutor_home_queries_constant(client, two_orgs):
    person = two_orgs["person_a"]
    tutor = factories.EmploymentFactory(organization=two_orgs["org_a"]).person
    user = factories.teacher_user(person)
    tutor_user = factories.teacher_user(tutor)

    def add_tasks():
        world.checkpoint(person, due=-2, tutor=tutor)
        world.route_item(person, ends=5)

    assert_constant(client, user, add_tasks)
    assert_constant(client, tutor_user, lambda: world.checkpoint(person, due=3, tutor=tutor))


def test_school_home_queries_constant(client, two_orgs, org_admin_a):
    org = two_orgs["org_a"]

    def add_tasks():
        world.recommendation(org)
        world.data_request(org)
        world.attestation_due(org)

    assert_constant(client, org_admin_a, add_tasks)


def test_methodist_home_queries_constant(client, two_orgs):
    expert = factories.EmploymentFactory(organization=two_orgs["org_a"]).person
    methodist = factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"], person=expert)
    person = two_orgs["person_a"]

    def add_tasks():
        world.draft_route(person)
        world.enrollment(person)
        world.review(expert, two_orgs["org_a"])

    assert_constant(client, methodist, add_tasks)


@pytest.mark.parametrize("computed", [False, True])
def test_region_home_queries_constant(client, two_orgs, regional_admin, computed):
    region = two_orgs["mun_a"].region
    if computed:
        monitoring.compute_period(world.ended_period(region, title="Рассчитанный"), by=None)
    assert_constant(client, regional_admin, lambda: world.ended_period(region))
