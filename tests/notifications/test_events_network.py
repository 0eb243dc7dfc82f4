"""The methodical network: a mentoring pair formed is told to its two people, nobody else."""

import pytest
from django.core.exceptions import PermissionDenied

from profrost.mentoring import services as mentoring
from profrost.network import services as network
from profrost.notifications.models import Notification, NotificationKind
from tests import factories
from tests.mentoring.factories import school_world, teacher
from tests.mentoring.test_services import pair_data
from tests.network.factories import network_world

FORMED = NotificationKind.MENTORING_PAIR_FORMED


@pytest.fixture
def school(two_orgs):
    return school_world(two_orgs)


def recipients_told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient", flat=True))


def test_formed_pair_tells_mentor_and_mentee_once(school, deliver, client):
    with deliver():
        pair = mentoring.create_pair(by=school["admin"], data=pair_data(school))
    with deliver():
        mentoring.update_pair(pair, by=school["admin"], data={"goals": "Другие цели"})

    assert recipients_told(FORMED) == {school["mentor_user"].pk, school["mentee_user"].pk}
    notification = Notification.objects.get(recipient=school["mentee_user"])
    assert (
        notification.title
        == f"Наставническая пара: {pair.mentor.full_name} — {pair.mentee.full_name}"
    )
    assert notification.url == f"/mentoring/pairs/{pair.pk}/"
    client.force_login(school["mentee_user"])
    assert client.get(notification.url).status_code == 200
    assert Notification.objects.count() == 2


def test_new_mentor_of_a_pair_is_told_and_the_mentee_not_again(school, deliver):
    with deliver():
        pair = mentoring.create_pair(by=school["admin"], data=pair_data(school))
    other = teacher(school["org"], last_name="Другова")
    other_user = factories.teacher_user(other)
    with deliver():
        mentoring.update_pair(pair, by=school["admin"], data={"mentor": other})

    assert recipients_told(FORMED) == {
        other_user.pk,
        school["mentor_user"].pk,
        school["mentee_user"].pk,
    }
    assert Notification.objects.filter(recipient=school["mentee_user"]).count() == 1


# An event registration ---------------------------------------------------------------------------

REGISTERED = NotificationKind.EVENT_REGISTRATION_CONFIRMED


@pytest.fixture
def net(two_orgs, region):
    return network_world(two_orgs, region)


def test_registration_tells_the_registered_person_once(net, deliver):
    event = net["event_a"]
    with deliver():
        participation = network.register(event, net["person_a"], by=net["methodist_a"])
    with deliver():
        network.unregister(participation, by=net["methodist_a"])
        network.register(event, net["person_a"], by=net["teacher_a"])

    notification = Notification.objects.get()
    assert notification.recipient == net["teacher_a"]
    assert notification.kind == REGISTERED
    assert notification.title == "Вы зарегистрированы на мероприятие «Семинар Город А»"
    assert notification.url == f"/network/events/{event.pk}/"


def test_refused_registration_tells_nobody(net, deliver):
    with deliver(), pytest.raises(PermissionDenied):
        network.register(net["event_b"], net["person_a2"], by=net["teacher_a"])

    assert not Notification.objects.exists()
