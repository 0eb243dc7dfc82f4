"""«Мои задачи» on the home page: each role's tasks reach the right user and nobody of another
organization, municipality or region; overdue ones come first."""

import pytest
from django.urls import reverse

from profrost.core.roles import Role
from profrost.home import task_groups
from profrost.monitoring import services as monitoring
from profrost.monitoring.models import Recommendation
from profrost.practices.models import PracticeStatus
from profrost.routes.models import Checkpoint, RouteStatus
from tests import factories
from tests.home import world


def tasks_on_home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response, {group.key: group for group in response.context["task_groups"]}


def checkpoint_of(task):
    return Checkpoint.objects.select_related("item").get(title=task.title)


def titles(groups, key):
    return [task.title for task in groups[key].tasks] if key in groups else []


@pytest.fixture
def teachers(two_orgs):
    return {
        "a": factories.teacher_user(two_orgs["person_a"]),
        "b": factories.teacher_user(two_orgs["person_b"]),
    }


# Teacher --------------------------------------------------------------------------------------


def test_teacher_sees_own_checkpoints_overdue_first_with_badge(client, two_orgs, teachers):
    person = two_orgs["person_a"]
    world.checkpoint(person, due=5, title="Открытый урок")
    world.checkpoint(person, due=-3, title="Самоанализ урока")
    world.checkpoint(person, due=-10, title="Отчёт о стажировке")
    world.checkpoint(person, due=60, title="Далёкая точка")  # beyond 30 days
    world.checkpoint(person, due=-1, status=RouteStatus.DRAFT, title="Черновик")
    response, groups = tasks_on_home(client, teachers["a"])
    tasks = groups["my-checkpoints"].tasks
    assert [task.title for task in tasks] == [
        "Отчёт о стажировке",
        "Самоанализ урока",
        "Открытый урок",
    ]
    assert [task.overdue for task in tasks] == [True, True, False]
    page = response.content.decode()
    assert page.count("просрочено") == 2
    assert f"срок {world.days(-10):%d.%m.%Y}" in page
    first = checkpoint_of(tasks[0])
    assert tasks[0].url == reverse("routes:route_detail", args=[first.item.route_id]) + (
        f"#item-{first.item_id}"
    )
    _, others = tasks_on_home(client, teachers["b"])
    assert "my-checkpoints" not in others


def test_teacher_sees_route_items_due(client, two_orgs, teachers):
    item = world.route_item(two_orgs["person_a"], ends=-2)
    _, groups = tasks_on_home(client, teachers["a"])
    assert titles(groups, "my-route-items") == [item.title]
    assert groups["my-route-items"].tasks[0].overdue
    _, others = tasks_on_home(client, teachers["b"])
    assert titles(others, "my-route-items") == []


def test_teacher_without_tasks_sees_the_empty_state(client, teachers):
    response, groups = tasks_on_home(client, teachers["a"])
    assert groups == {}
    assert "Задач нет." in response.content.decode()


def test_tasks_come_before_the_counters(client, two_orgs, teachers):
    world.checkpoint(two_orgs["person_a"], due=-1)
    page = tasks_on_home(client, teachers["a"])[0].content.decode()
    assert page.index('id="my-tasks"') < page.index("stat-card")


# Tutor ----------------------------------------------------------------------------------------


def test_tutor_sees_checkpoints_of_the_routes_they_tutor(client, two_orgs, teachers):
    tutor = factories.EmploymentFactory(organization=two_orgs["org_a"]).person
    tutor_user = factories.teacher_user(tutor)
    late = world.checkpoint(two_orgs["person_a"], due=-4, tutor=tutor, title="Просроченная")
    world.checkpoint(two_orgs["person_a"], due=3, tutor=tutor, title="Скоро")
    world.checkpoint(two_orgs["person_b"], due=-4, title="Чужая")
    _, groups = tasks_on_home(client, tutor_user)
    assert titles(groups, "tutor-checkpoints") == ["Просроченная", "Скоро"]
    assert groups["tutor-checkpoints"].tasks[0].detail.startswith(late.item.route.person.full_name)
    _, others = tasks_on_home(client, teachers["b"])
    assert "tutor-checkpoints" not in others


# School administrator -------------------------------------------------------------------------


@pytest.fixture
def admins(two_orgs, org_admin_a):
    return {
        "a": org_admin_a,
        "b": factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"]),
    }


def test_school_sees_recommendations_to_answer(client, two_orgs, admins):
    world.recommendation(two_orgs["org_a"], deadline=10, title="Новая")
    world.recommendation(two_orgs["org_a"], deadline=-2, title="Просроченная")
    answered = world.recommendation(two_orgs["org_a"], title="Отвеченная")
    Recommendation.objects.filter(pk=answered.pk).update(status="answered")
    world.recommendation(two_orgs["org_b"], title="Школе Б")
    _, groups = tasks_on_home(client, admins["a"])
    assert titles(groups, "recommendations-to-answer") == ["Просроченная", "Новая"]
    _, others = tasks_on_home(client, admins["b"])
    assert titles(others, "recommendations-to-answer") == ["Школе Б"]


def test_school_sees_data_requests_to_fill(client, two_orgs, admins):
    recipient = world.data_request(two_orgs["org_a"], deadline=7)
    _, groups = tasks_on_home(client, admins["a"])
    tasks = groups["data-requests"].tasks
    assert [(task.title, task.url) for task in tasks] == [
        (recipient.request.title, reverse("datarequests:answer", args=[recipient.pk]))
    ]
    _, others = tasks_on_home(client, admins["b"])
    assert "data-requests" not in others


def test_school_sees_attestation_due_within_90_days(client, two_orgs, admins, regional_admin):
    soon = world.attestation_due(two_orgs["org_a"], ends=20)
    ended = world.attestation_due(two_orgs["org_a"], ends=-5)
    world.attestation_due(two_orgs["org_a"], ends=120)  # beyond three months
    other = world.attestation_due(two_orgs["org_b"], ends=20)
    _, groups = tasks_on_home(client, admins["a"])
    assert titles(groups, "attestation-due") == [ended.person.full_name, soon.person.full_name]
    assert [task.overdue for task in groups["attestation-due"].tasks] == [True, False]
    _, others = tasks_on_home(client, admins["b"])
    assert titles(others, "attestation-due") == [other.person.full_name]
    # The region has its own page for the whole region; its home page does not list them.
    assert "attestation-due" not in tasks_on_home(client, regional_admin)[1]


# Methodists -----------------------------------------------------------------------------------


@pytest.fixture
def methodists(two_orgs):
    return {
        "a": factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"]),
        "b": factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_b"]),
    }


def test_methodist_sees_routes_to_agree(client, two_orgs, methodists):
    late = world.draft_route(two_orgs["person_a"], starts=-3)
    new = world.draft_route(two_orgs["person_a"], starts=10)
    world.checkpoint(two_orgs["person_a"])  # a running route is not to agree
    _, groups = tasks_on_home(client, methodists["a"])
    assert titles(groups, "routes-to-agree") == [late.title, new.title]
    _, others = tasks_on_home(client, methodists["b"])
    assert "routes-to-agree" not in others


def test_methodist_sees_enrolments_to_decide(client, two_orgs, methodists):
    applied = world.enrollment(two_orgs["person_a"])
    decided = world.enrollment(two_orgs["person_a"])
    decided.status = "approved"
    decided.save()
    _, groups = tasks_on_home(client, methodists["a"])
    tasks = groups["enrollments-to-decide"].tasks
    assert [task.url for task in tasks] == [applied.get_absolute_url()]
    _, others = tasks_on_home(client, methodists["b"])
    assert "enrollments-to-decide" not in others


def test_methodist_sees_practices_waiting_for_their_expertise(client, two_orgs, methodists):
    expert = factories.EmploymentFactory(organization=two_orgs["org_a"]).person
    methodist = factories.user_with_role(Role.REGIONAL_METHODIST, two_orgs["mun_a"].region)
    methodist.person = expert
    methodist.save()
    waiting = world.review(expert, two_orgs["org_a"])
    done = world.review(expert, two_orgs["org_a"])
    done.practice.status = PracticeStatus.IN_BANK
    done.practice.save()
    _, groups = tasks_on_home(client, methodist)
    assert titles(groups, "practices-to-review") == [waiting.practice.title]
    _, others = tasks_on_home(client, methodists["a"])
    assert "practices-to-review" not in others


# Regional administrator ----------------------------------------------------------------------


def test_region_sees_ended_periods_to_compute(client, region, regional_admin):
    ended = world.ended_period(region)
    world.ended_period(factories.RegionFactory(name="Другая область"), title="Чужой")
    running = world.ended_period(region, title="Текущий")
    running.ends_on = world.days(30)
    running.save()
    _, groups = tasks_on_home(client, regional_admin)
    assert titles(groups, "periods-to-compute") == [ended.title]
    other = factories.user_with_role(Role.REGIONAL_ADMIN, factories.RegionFactory())
    assert "periods-to-compute" not in tasks_on_home(client, other)[1]


def indicator_codes(group):
    tasks = group.tasks if group else []
    return [task.url.split("indicator=")[1].split("&")[0] for task in tasks]


def test_region_sees_red_indicators_without_a_recommendation(client, two_orgs, regional_admin):
    region = two_orgs["mun_a"].region
    period = monitoring.compute_period(world.ended_period(region), by=None)
    groups = {group.key: group for group in task_groups(regional_admin)}
    red = groups["red-indicators"]
    # Nobody of the region is diagnosed: 0 % against the default 20 %.
    assert "diagnosed_share" in indicator_codes(red)
    Recommendation.objects.create(
        period=period,
        indicator="diagnosed_share",
        organization=two_orgs["org_a"],
        region=region,
        title="Провести диагностику",
        text="Направить педагогов на диагностику.",
    )
    groups = {group.key: group for group in task_groups(regional_admin)}
    assert "diagnosed_share" not in indicator_codes(groups.get("red-indicators"))
    other = factories.user_with_role(Role.REGIONAL_ADMIN, factories.RegionFactory())
    assert "red-indicators" not in {group.key for group in task_groups(other)}


def test_more_link_when_a_group_has_more_than_the_limit(client, two_orgs, admins):
    for number in range(12):
        world.recommendation(two_orgs["org_a"], title=f"Рекомендация {number:02d}")
    response, groups = tasks_on_home(client, admins["a"])
    group = groups["recommendations-to-answer"]
    assert (len(group.tasks), group.total, group.more) == (10, 12, 2)
    assert "ещё 2" in response.content.decode()


def test_superuser_is_not_asked_to_answer_for_schools(client, two_orgs):
    world.recommendation(two_orgs["org_a"])
    world.data_request(two_orgs["org_a"])
    superuser = factories.UserFactory(is_superuser=True, is_staff=True)
    _, groups = tasks_on_home(client, superuser)
    assert not {"recommendations-to-answer", "data-requests"} & set(groups)
