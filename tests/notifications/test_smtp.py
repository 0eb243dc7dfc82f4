"""A notification's letter reaches a real (local) SMTP server (the `smtp_server` fixture of
tests/conftest.py)."""

from email import message_from_bytes, policy

from profrost.notifications import services
from profrost.notifications.models import NotificationKind


def test_a_notification_letter_arrives_over_smtp(anna, smtp_server, deliver):
    with deliver():
        services.notify(
            [anna],
            NotificationKind.ROUTE_AGREED,
            title="Маршрут «ИОМ» согласован",
            url="/routes/1/",
            key="route:1",
        )

    [(recipients, content)] = smtp_server.messages
    letter = message_from_bytes(content, policy=policy.default)
    assert recipients == ["anna@school1.ru"]
    assert letter["Subject"].strip() == "ПрофРост: Маршрут «ИОМ» согласован"
    assert "/routes/1/" in letter.get_body(("plain",)).get_content()
