"""The bell in the header: the count of unread notifications, one query per page."""

from .selectors import unread_count


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
