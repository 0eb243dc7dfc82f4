"""notify(): one row per user and event, letters to those who take single letters."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from profrost.core.models import AuditEntry
from profrost.notifications import services
from profrost.notifications.models import Notification, NotificationKind, NotificationSetting
from tests import factories

KIND = NotificationKind.ROUTE_AGREED


def tell(users, key="route:1", title="Маршрут «ИОМ» согласован"):
    services.notify(
        users, KIND, title=title, text="Срок: 01.09.2026 — 31.05.2027.", url="/routes/1/", key=key
    )


def test_notify_creates_a_row_and_a_letter_per_user(anna, boris, deliver):
    with deliver():
        tell([anna, boris.pk])

    rows = Notification.objects.order_by("recipient__username")
    assert [(n.recipient.username, n.kind, n.key, n.url) for n in rows] == [
        ("anna", KIND, "route:1", "/routes/1/"),
        ("boris", KIND, "route:1", "/routes/1/"),
    ]
    assert all(n.emailed_at is not None and n.read_at is None for n in rows)
    assert sorted(letter.to[0] for letter in mail.outbox) == ["anna@school1.ru", "boris@school2.ru"]
    letter = next(letter for letter in mail.outbox if letter.to == ["anna@school1.ru"])
    assert letter.subject == "ПрофРост: Маршрут «ИОМ» согласован"
    assert "Здравствуйте, Анна!" in letter.body
    assert "http://127.0.0.1:8000/routes/1/" in letter.body


def test_notify_the_same_event_twice_tells_once(anna, deliver):
    with deliver():
        tell([anna])
    with deliver():
        tell([anna])

    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_notify_another_event_of_the_same_kind_tells_again(anna, deliver):
    with deliver():
        tell([anna], key="route:1")
        tell([anna], key="route:2")

    assert Notification.objects.filter(recipient=anna).count() == 2


def test_notify_waits_for_the_commit_and_a_rollback_tells_nobody(
    anna, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        tell([anna])
        assert Notification.objects.count() == 0

    assert len(callbacks) == 1
    with pytest.raises(RuntimeError):
        failing_change(anna)
    # Nothing registered by the rolled-back block survives it.
    assert len(callbacks) == 1


@transaction.atomic
def failing_change(user):
    tell([user], key="route:2")
    raise RuntimeError("the change failed")


def test_notify_a_muted_kind_neither_row_nor_letter(anna, boris, deliver):
    services.save_setting(by=anna, digest=False, enabled_kinds=[NotificationKind.CHECKPOINT_MARKED])

    with deliver():
        tell([anna, boris])

    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["boris"]
    assert [letter.to for letter in mail.outbox] == [["boris@school2.ru"]]


def test_notify_a_digest_user_gets_the_row_but_no_single_letter(anna, deliver):
    NotificationSetting.objects.create(user=anna, digest=True)

    with deliver():
        tell([anna])

    assert Notification.objects.get().emailed_at is None
    assert mail.outbox == []


def test_notify_without_an_address_only_the_inbox(db, deliver):
    user = factories.UserFactory(email="")

    with deliver():
        tell([user])

    assert Notification.objects.get(recipient=user).emailed_at is None
    assert mail.outbox == []


def test_notify_skips_a_switched_off_account(anna, boris, deliver):
    anna.is_active = False
    anna.save()

    with deliver():
        tell(factories.User.objects.all())

    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["boris"]


def test_notify_many_users_in_a_constant_number_of_queries(
    db, deliver, django_assert_max_num_queries
):
    users = [factories.UserFactory(email="") for _ in range(30)]

    # The users with their settings, the ones told already, the insert (in a savepoint).
    with django_assert_max_num_queries(5), deliver():
        tell(users)

    assert Notification.objects.count() == 30


def test_notify_shortens_a_title_too_long_for_the_row(anna, deliver):
    with deliver():
        tell([anna], title="Маршрут «" + "очень " * 60 + "длинный» согласован")

    title = Notification.objects.get().title
    assert len(title) == 300
    assert title.endswith("…")


def test_save_setting_refuses_an_unknown_kind_and_writes_nothing(anna):
    with pytest.raises(ValidationError, match="Неизвестный вид уведомлений: chat"):
        services.save_setting(by=anna, digest=True, enabled_kinds=["chat"])

    assert not NotificationSetting.objects.exists()


def test_save_setting_keeps_the_choice_and_audits_it(anna):
    services.save_setting(by=anna, digest=True, enabled_kinds=[NotificationKind.ROUTE_AGREED])

    setting = NotificationSetting.objects.get(user=anna)
    assert setting.digest is True
    assert set(setting.muted_kinds) == set(NotificationKind.values) - {
        NotificationKind.ROUTE_AGREED
    }
    entry = AuditEntry.objects.get(actor=anna, action="notifications.setting.changed")
    assert entry.data["digest"] is True
