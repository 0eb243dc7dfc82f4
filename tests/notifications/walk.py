"""The URL walk's objects of notifications: one notification of the walking user's opponent."""

from profrost.notifications.models import Notification

from .factories import notification


def extend(objects, user):
    objects[Notification] = notification(user, key=f"walk:{user.pk}")
