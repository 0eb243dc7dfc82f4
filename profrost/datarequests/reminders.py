"""The data requests' reminder (docs/notifications.md, «Напоминания»): the deadline within 3
days, to the administrators of the recipients that have not submitted; registered in
DatarequestsConfig.ready()."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.core.models import RoleAssignment
from profrost.notifications.reminders import grouped

from .models import RecipientStatus, RequestStatus
from .notices import ANSWERING_ROLES

DAYS_BEFORE = 3
RECIPIENT = "organization__data_requests"
FIELDS = (RECIPIENT, f"{RECIPIENT}__request__title", f"{RECIPIENT}__request__deadline", "user")


def deadline_soon(today):
    """One query: the answering roles of recipient organizations, joined to their recipients
    of sent requests due within 3 days whose answer is not submitted."""
    rows = RoleAssignment.objects.filter(
        role__in=ANSWERING_ROLES,
        user__is_active=True,
        **{
            f"{RECIPIENT}__request__status": RequestStatus.SENT,
            f"{RECIPIENT}__request__deadline__range": (
                today,
                today + timedelta(days=DAYS_BEFORE),
            ),
            f"{RECIPIENT}__status__in": [
                RecipientStatus.NOT_STARTED,
                RecipientStatus.DRAFT,
                RecipientStatus.RETURNED,
            ],
        },
    ).values_list(
        RECIPIENT, f"{RECIPIENT}__request__title", f"{RECIPIENT}__request__deadline", "user"
    )
    return grouped(((row[:3], row[3]) for row in rows), deadline_message)


def deadline_message(recipient):
    pk, title, deadline = recipient
    values = {"title": title, "date": format_date(deadline)}
    return {
        "title": _("Запрос данных «%(title)s»: срок ответа — %(date)s") % values,
        "text": _("Ответ организации ещё не отправлен."),
        "url": reverse("datarequests:answer", args=[pk]),
        "key": f"recipient:{pk}:{deadline.isoformat()}",
    }
