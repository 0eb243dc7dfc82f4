from profrost.notifications.models import Notification, NotificationKind


def notification(recipient, key="route:1", **fields):
    values = {
        "kind": NotificationKind.ROUTE_AGREED,
        "title": "Маршрут «ИОМ» согласован",
        "text": "Срок: 01.09.2026 — 31.05.2027.",
        "url": "/routes/1/",
        **fields,
    }
    return Notification.objects.create(recipient=recipient, key=key, **values)
