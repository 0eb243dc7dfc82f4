"""The daily digest: one letter per digest user with what was not sent yet, once."""

from django.core import mail

from profrost.notifications.models import Notification, NotificationSetting
from profrost.notifications.tasks import send_digests
from tests import factories

from .factories import notification


def test_digest_groups_the_days_notifications_into_one_letter(anna, boris, deliver):
    NotificationSetting.objects.create(user=anna, digest=True)
    notification(anna, key="a", title="Маршрут «ИОМ-1» согласован")
    notification(anna, key="b", title="Маршрут «ИОМ-2» согласован")
    notification(boris, key="c", emailed_at="2026-01-01T10:00Z")

    with deliver():
        assert send_digests() == 1

    [letter] = mail.outbox
    assert letter.to == ["anna@school1.ru"]
    assert letter.subject == "ПрофРост: 2 новых уведомления"
    assert "Маршрут «ИОМ-1» согласован" in letter.body
    assert "Маршрут «ИОМ-2» согласован" in letter.body
    assert not Notification.objects.filter(emailed_at=None).exists()


def test_digest_run_twice_sends_nothing_the_second_time(anna, deliver):
    NotificationSetting.objects.create(user=anna, digest=True)
    notification(anna)

    with deliver():
        send_digests()
    with deliver():
        assert send_digests() == 0

    assert len(mail.outbox) == 1


def test_digest_skips_users_without_an_address(db, deliver):
    user = factories.UserFactory(email="")
    NotificationSetting.objects.create(user=user, digest=True)
    notification(user)

    with deliver():
        assert send_digests() == 0

    assert mail.outbox == []
