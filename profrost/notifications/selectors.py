"""Reads of notifications: the inbox, the bell's count, who is told and how."""

from django.contrib.auth import get_user_model
from django.db.models import F

from .models import Notification, NotificationSetting


def inbox(user):
    """The user's own notifications, newest first; nobody reads another's."""
    return Notification.objects.filter(recipient=user)


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at=None).count()


def setting_of(user):
    """The user's setting, unsaved defaults when they never chose."""
    return NotificationSetting.objects.filter(user=user).first() or NotificationSetting(user=user)


def delivery_of(user_ids, kind):
    """The active users among `user_ids` who keep `kind`, each with `digest` and `email`, in one
    query."""
    users = (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .annotate(digest=F("notification_setting__digest"))
        .annotate(muted=F("notification_setting__muted_kinds"))
        .only("pk", "email", "first_name", "last_name", "username")
        .order_by("pk")
    )
    return [user for user in users if kind not in (user.muted or [])]


def digest_recipients():
    """Ids of the users who take a digest, have an address and something not sent yet."""
    return (
        get_user_model()
        .objects.filter(
            notification_setting__digest=True,
            is_active=True,
            notifications__emailed_at=None,
        )
        .exclude(email="")
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )
