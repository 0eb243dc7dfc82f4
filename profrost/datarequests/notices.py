"""What the data-request services tell people (docs/notifications.md): the administrators of a
recipient organization that a request came, and that their answer was returned."""

from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.core.models import RoleAssignment
from profrost.core.roles import ROLE_LEVEL, Level, Perm, roles_granting
from profrost.notifications.models import NotificationKind
from profrost.notifications.services import notify

ANSWERING_ROLES = [
    role
    for role in roles_granting(Perm.ANSWER_DATA_REQUESTS)
    if ROLE_LEVEL[role] == Level.ORGANIZATION
]


def answerers(organization_ids):
    """{organization id: [user ids]}: who answers for each organization, in one query."""
    pairs = RoleAssignment.objects.filter(
        role__in=ANSWERING_ROLES, organization__in=organization_ids, user__is_active=True
    ).values_list("organization_id", "user_id")
    users = {}
    for organization_id, user_id in pairs:
        users.setdefault(organization_id, []).append(user_id)
    return users


def request_received(data_request, recipients):
    """Each recipient organization's administrators told once that the request came."""
    recipients = list(recipients)
    users = answerers([recipient.organization_id for recipient in recipients])
    for recipient in recipients:
        notify(
            users.get(recipient.organization_id, []),
            NotificationKind.DATA_REQUEST_RECEIVED,
            **received_message(data_request, recipient),
        )


def received_message(data_request, recipient):
    """The message of a request received; a function of its own so that the demo tells the
    same."""
    return {
        "title": _("Получен запрос данных «%(title)s»") % {"title": data_request.title},
        "text": _("Ответьте до %(date)s.") % {"date": format_date(data_request.deadline)},
        "url": recipient.get_absolute_url(),
        "key": f"recipient:{recipient.pk}",
    }


def answers_returned(recipient):
    """The organization's administrators told of each return (a later one is a new event)."""
    notify(
        answerers([recipient.organization_id]).get(recipient.organization_id, []),
        NotificationKind.DATA_REQUEST_RETURNED,
        title=_("Ответ на запрос «%(title)s» возвращён на доработку")
        % {"title": recipient.request.title},
        text=recipient.return_comment,
        url=recipient.get_absolute_url(),
        key=f"recipient:{recipient.pk}:{recipient.returned_at.timestamp()}",
    )
