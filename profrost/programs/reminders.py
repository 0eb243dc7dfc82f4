"""The programs' reminders (docs/notifications.md, «Напоминания»): a course starting within a
week, to the people of its approved enrolments; registered in ProgramsConfig.ready()."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.notifications.reminders import grouped

from .models import Enrollment, EnrollmentStatus

DAYS_BEFORE = 7


def course_starting(today):
    rows = Enrollment.objects.filter(
        status=EnrollmentStatus.APPROVED,
        cohort__starts_on__range=(today, today + timedelta(days=DAYS_BEFORE)),
        person__user__is_active=True,
    ).values_list("cohort_id", "cohort__program__title", "cohort__starts_on", "person__user")
    return grouped(((row[:3], row[3]) for row in rows), starting_message)


def starting_message(cohort):
    pk, title, starts_on = cohort
    values = {"title": title, "date": format_date(starts_on)}
    return {
        "title": _("Обучение «%(title)s» начинается %(date)s") % values,
        "text": _("Вы записаны на обучение; начало — %(date)s.") % values,
        "url": reverse("programs:my_training"),
        "key": f"cohort:{pk}:{starts_on.isoformat()}",
    }
