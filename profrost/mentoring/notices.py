"""What the mentoring services tell people (docs/notifications.md): the mentor and the mentee
that their pair was formed."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.notifications.models import NotificationKind
from profrost.notifications.services import notify


def pair_formed(pair):
    """Both people of the pair (their accounts) told once; a person put into the pair later
    (another mentor) is told then."""
    values = {
        "mentor": pair.mentor.full_name,
        "mentee": pair.mentee.full_name,
        "start": format_date(pair.starts_on),
        "end": format_date(pair.planned_end_on),
    }
    notify(
        get_user_model().objects.filter(person__in=[pair.mentor_id, pair.mentee_id]),
        NotificationKind.MENTORING_PAIR_FORMED,
        title=_("Наставническая пара: %(mentor)s — %(mentee)s") % values,
        text=_("Наставничество с %(start)s по %(end)s.") % values,
        url=pair.get_absolute_url(),
        key=f"pair:{pair.pk}",
    )
