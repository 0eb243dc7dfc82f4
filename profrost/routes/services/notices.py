"""What the route services tell people (docs/notifications.md): the person that their route was
agreed, the tutor that the person marked a checkpoint. The messages are functions of their own
so that the demo tells the same."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.notifications.models import NotificationKind
from profrost.notifications.services import notify


def users_of(person_id):
    return get_user_model().objects.filter(person=person_id) if person_id else []


def route_agreed(route):
    notify(users_of(route.person_id), NotificationKind.ROUTE_AGREED, **agreed_message(route))


def agreed_message(route):
    return {
        "title": _("Маршрут «%(title)s» согласован") % {"title": route.title},
        "text": _("Срок маршрута: %(start)s — %(end)s.")
        % {"start": format_date(route.starts_on), "end": format_date(route.ends_on)},
        "url": route.get_absolute_url(),
        "key": f"route:{route.pk}",
    }


def checkpoint_marked(checkpoint, route):
    notify(
        users_of(route.tutor_id),
        NotificationKind.CHECKPOINT_MARKED,
        **marked_message(checkpoint, route),
    )


def marked_message(checkpoint, route):
    return {
        "title": _("Контрольная точка «%(title)s» отмечена педагогом")
        % {"title": checkpoint.title},
        "text": _("%(person)s, маршрут «%(route)s»: срок точки %(due)s, отмечена %(done)s.")
        % {
            "person": route.person.full_name,
            "route": route.title,
            "due": format_date(checkpoint.due_on),
            "done": format_date(checkpoint.done_on),
        },
        "url": checkpoint.get_absolute_url(),
        "key": f"checkpoint:{checkpoint.pk}",
    }
