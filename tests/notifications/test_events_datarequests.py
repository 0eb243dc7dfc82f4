"""Data requests: the recipient organizations' administrators are told it came and that their
answer was returned; nobody else."""

import pytest
from django.core.exceptions import ValidationError

from profrost.datarequests import services as datarequests
from profrost.notifications.models import Notification, NotificationKind
from tests.datarequests.test_services import full_answer
from tests.datarequests.world import build_request, fields_of, make_world, recipient_of

RECEIVED = NotificationKind.DATA_REQUEST_RECEIVED
RETURNED = NotificationKind.DATA_REQUEST_RETURNED


@pytest.fixture
def world(two_orgs, region, org_admin_a, regional_admin):
    return make_world(two_orgs, region, org_admin_a, regional_admin)


def recipients_told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient", flat=True))


def test_sent_request_tells_the_recipients_administrators_once(world, deliver, client):
    with deliver():
        data_request = build_request(
            world["methodist_a"], [world["org_a"], world["org_a2"]], municipality=world["mun_a"]
        )
    with deliver(), pytest.raises(ValidationError):
        datarequests.send_request(data_request, by=world["methodist_a"])

    assert recipients_told(RECEIVED) == {world["admin_a"].pk, world["admin_a2"].pk}
    notification = Notification.objects.get(recipient=world["admin_a"])
    recipient = recipient_of(data_request, world["org_a"])
    assert notification.url == f"/requests/answers/{recipient.pk}/"
    assert notification.title.startswith("Получен запрос данных «Потребность")
    client.force_login(world["admin_a"])
    assert client.get(notification.url).status_code == 200


def test_draft_tells_nobody_and_a_late_recipient_is_told(world, deliver):
    with deliver():
        data_request = build_request(
            world["methodist_a"], [world["org_a"]], municipality=world["mun_a"], send=False
        )
    assert not Notification.objects.exists()

    with deliver():
        datarequests.send_request(data_request, by=world["methodist_a"])
        datarequests.add_recipients(data_request, [world["org_a2"]], by=world["methodist_a"])

    assert recipients_told(RECEIVED) == {world["admin_a"].pk, world["admin_a2"].pk}
    assert Notification.objects.count() == 2


def test_returned_answer_tells_its_organization_each_time(world, deliver):
    data_request = build_request(
        world["methodist_a"], [world["org_a"], world["org_a2"]], municipality=world["mun_a"]
    )
    recipient = recipient_of(data_request, world["org_a"])
    fields = fields_of(data_request)
    for _round in range(2):
        datarequests.submit_answers(recipient, full_answer(fields), by=world["admin_a"])
        with deliver():
            datarequests.return_answers(recipient, by=world["methodist_a"], comment="Уточните.")

    assert recipients_told(RETURNED) == {world["admin_a"].pk}
    assert Notification.objects.filter(kind=RETURNED).count() == 2
    assert Notification.objects.filter(kind=RETURNED).first().text == "Уточните."
