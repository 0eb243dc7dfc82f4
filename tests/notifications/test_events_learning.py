"""Enrolments decided: the person is told once, nobody else."""

import pytest
from django.core.exceptions import ValidationError

from profrost.notifications.models import Notification, NotificationKind
from profrost.programs import services as programs
from profrost.programs.models import Enrollment
from tests.notifications.test_events import told
from tests.programs.factories import catalogue_world


@pytest.fixture
def catalogue(two_orgs, region):
    return catalogue_world(two_orgs, region)


@pytest.fixture
def enrollment(catalogue):
    return programs.apply(catalogue["cohort"], catalogue["person_a"], by=catalogue["admin"])


def test_approved_enrollment_tells_its_person_once(catalogue, enrollment, deliver, client):
    with deliver():
        programs.approve(enrollment, by=catalogue["admin"])
    Enrollment.objects.filter(pk=enrollment.pk).update(status="applied")
    with deliver():
        programs.approve(enrollment, by=catalogue["admin"])

    notification = Notification.objects.get()
    assert notification.recipient == catalogue["teacher"]
    assert notification.kind == NotificationKind.ENROLLMENT_APPROVED
    assert notification.title == "Заявка на обучение «Функциональная грамотность» одобрена"
    assert notification.url == f"/programs/enrollments/{enrollment.pk}/"
    client.force_login(catalogue["teacher"])
    assert client.get(notification.url).status_code == 200


def test_rejected_enrollment_tells_its_person_with_the_reason(catalogue, enrollment, deliver):
    with deliver():
        programs.reject(enrollment, by=catalogue["admin"], reason="Нет мест в бюджете")

    assert told(NotificationKind.ENROLLMENT_REJECTED) == [catalogue["teacher"].username]
    assert Notification.objects.get().text == "Причина: Нет мест в бюджете"


def test_refused_move_tells_nobody(catalogue, enrollment, deliver):
    with deliver(), pytest.raises(ValidationError):
        programs.reject(enrollment, by=catalogue["admin"], reason="")

    assert not Notification.objects.exists()
