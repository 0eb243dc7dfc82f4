"""The events wired so far: each tells the right user once, and nobody else."""

import pytest
from django.core import mail

from profrost.core.roles import Role
from profrost.diagnostics import services as diagnostics
from profrost.notifications.models import Notification, NotificationKind
from profrost.routes import services as routes
from tests import factories
from tests.routes.factories import (
    CheckpointFactory,
    RouteFactory,
    RouteItemFactory,
    days,
    route_people,
)


def told(kind):
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


# A diagnostic assigned ----------------------------------------------------------------------------


@pytest.fixture
def campaign(two_orgs, region):
    """A campaign of organization A; teachers of A and B have logins."""
    factories.user_with_role(
        Role.TEACHER, person=two_orgs["person_a"], username="teacher_a", email="a@school-a.ru"
    )
    factories.user_with_role(Role.TEACHER, person=two_orgs["person_b"], username="teacher_b")
    return factories.CampaignFactory(
        title="Диагностика ИКТ",
        region=region,
        level="organization",
        municipality=two_orgs["mun_a"],
        organization=two_orgs["org_a"],
    )


def test_assigned_diagnostic_tells_the_covered_teacher_once(campaign, regional_admin, deliver):
    with deliver():
        diagnostics.assign_campaign(campaign, by=regional_admin)
    with deliver():
        diagnostics.assign_campaign(campaign, by=regional_admin)

    notification = Notification.objects.get()
    assert told(NotificationKind.DIAGNOSTIC_ASSIGNED) == ["teacher_a"]
    assert notification.title == "Назначена диагностика «Диагностика ИКТ»"
    assert notification.url == "/diagnostics/my/"
    assert [letter.to for letter in mail.outbox] == [["a@school-a.ru"]]


def test_assigned_diagnostic_tells_hundreds_in_one_insert(
    two_orgs, region, regional_admin, deliver, django_assert_max_num_queries
):
    for _ in range(40):
        person = factories.EmploymentFactory(organization=two_orgs["org_a"]).person
        factories.UserFactory(person=person)
    campaign = factories.CampaignFactory(region=region)
    # The count does not depend on the number of people (the same bound holds for 400).
    with django_assert_max_num_queries(20), deliver():
        assert diagnostics.assign_campaign(campaign, by=regional_admin) == 42

    assert Notification.objects.count() == 40


# A route agreed ---------------------------------------------------------------------------------


@pytest.fixture
def route(people):
    route = RouteFactory(person=people["person"], tutor=people["tutor"], title="ИОМ Альфиной")
    RouteItemFactory(route=route, covers=[people["deficit_met"]])
    RouteItemFactory(route=route, covers=[people["deficit_psy"]])
    return route


@pytest.fixture
def people(two_orgs):
    return route_people(two_orgs)


def test_agreed_route_tells_its_person_only(people, route, deliver):
    with deliver():
        routes.agree_route(route, by=people["methodist"])

    notification = Notification.objects.get()
    assert notification.recipient == people["teacher"]
    assert notification.kind == NotificationKind.ROUTE_AGREED
    assert notification.title == "Маршрут «ИОМ Альфиной» согласован"
    assert notification.url == f"/routes/{route.pk}/"


def test_agreed_route_agreed_again_does_not_tell_twice(people, route, deliver):
    with deliver():
        routes.agree_route(route, by=people["methodist"])
    type(route).objects.filter(pk=route.pk).update(status="draft")
    with deliver():
        routes.agree_route(route, by=people["methodist"])

    assert Notification.objects.count() == 1


# A checkpoint marked by the teacher -------------------------------------------------------------


@pytest.fixture
def checkpoint(people, route):
    routes.agree_route(route, by=people["methodist"])
    routes.start_route(route, by=people["methodist"])
    return CheckpointFactory(item=route.items.first(), title="Открытый урок", due_on=days(-2))


def test_checkpoint_marked_by_the_teacher_tells_the_tutor_once(people, checkpoint, deliver):
    with deliver():
        routes.mark_checkpoint(checkpoint, by=people["teacher"])
    with deliver():
        routes.mark_checkpoint(checkpoint, by=people["teacher"], done=False)
        routes.mark_checkpoint(checkpoint, by=people["teacher"])

    notification = Notification.objects.get(kind=NotificationKind.CHECKPOINT_MARKED)
    assert notification.recipient == people["tutor_user"]
    assert notification.title == "Контрольная точка «Открытый урок» отмечена педагогом"
    assert notification.url.endswith(f"#item-{checkpoint.item_id}")


@pytest.mark.parametrize("user_key", ["tutor_user", "methodist"])
def test_checkpoint_marked_by_someone_else_tells_nobody(people, checkpoint, deliver, user_key):
    with deliver():
        routes.mark_checkpoint(checkpoint, by=people[user_key])

    assert not Notification.objects.filter(kind=NotificationKind.CHECKPOINT_MARKED).exists()


def test_checkpoint_of_a_route_without_tutor_tells_nobody(people, checkpoint, deliver):
    type(checkpoint.item.route).objects.filter(pk=checkpoint.item.route_id).update(tutor=None)

    with deliver():
        routes.mark_checkpoint(checkpoint, by=people["teacher"])

    assert not Notification.objects.filter(kind=NotificationKind.CHECKPOINT_MARKED).exists()


def test_nobody_outside_is_told(people, checkpoint, deliver):
    with deliver():
        routes.mark_checkpoint(checkpoint, by=people["teacher"])

    outsiders = [people[key] for key in ("admin_a", "admin_b", "teacher_b", "methodist")]
    assert not Notification.objects.filter(recipient__in=outsiders).exists()
