"""What the enrolment services tell people (docs/notifications.md): the person that their
application was approved or refused."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.notifications.models import NotificationKind
from profrost.notifications.services import notify


def enrollment_decided(enrollment, *, approved, reason=""):
    """The person of the enrolment (those of their accounts) told once of the decision."""
    cohort = enrollment.cohort
    values = {"program": cohort.program.title, "start": format_date(cohort.starts_on)}
    if approved:
        kind = NotificationKind.ENROLLMENT_APPROVED
        title = _("Заявка на обучение «%(program)s» одобрена") % values
        text = _("Обучение начинается %(start)s.") % values
    else:
        kind = NotificationKind.ENROLLMENT_REJECTED
        title = _("Заявка на обучение «%(program)s» отклонена") % values
        text = _("Причина: %(reason)s") % {"reason": reason}
    notify(
        get_user_model().objects.filter(person=enrollment.person_id),
        kind,
        title=title,
        text=text,
        url=enrollment.get_absolute_url(),
        key=f"enrollment:{enrollment.pk}",
    )
