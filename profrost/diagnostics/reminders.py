"""The diagnostics' reminders (docs/notifications.md, «Напоминания»), registered with
notifications in DiagnosticsConfig.ready()."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.notifications.reminders import grouped

from .models import Attempt, AttemptStatus

DAYS_BEFORE = 3


def deadline_soon(today):
    """Campaigns ending within 3 days, told to those of their people who have not submitted."""
    rows = (
        Attempt.objects.filter(
            campaign__ends_on__range=(today, today + timedelta(days=DAYS_BEFORE)),
            person__user__is_active=True,
        )
        .exclude(status=AttemptStatus.SUBMITTED)
        .values_list("campaign_id", "campaign__title", "campaign__ends_on", "person__user")
    )
    return grouped(((row[:3], row[3]) for row in rows), deadline_message)


def deadline_message(campaign):
    pk, title, ends_on = campaign
    values = {"title": title, "date": format_date(ends_on)}
    return {
        "title": _("Диагностика «%(title)s»: срок — %(date)s") % values,
        "text": _("Диагностика не завершена: пройдите её до %(date)s включительно.") % values,
        "url": reverse("diagnostics:my_diagnostics"),
        "key": f"campaign:{pk}:{ends_on.isoformat()}",
    }
