"""Template helpers of the programs area: status badges and a person's training block.

`{% load programs_training %}{% person_training object %}` shows on a person's page the last
completed ПК or ПП and the enrolments the viewer may see.
"""

from django import template

from ..models import EnrollmentStatus
from ..selectors import person_training as read_person_training

register = template.Library()

BADGES = {
    EnrollmentStatus.APPLIED: "text-bg-info",
    EnrollmentStatus.APPROVED: "text-bg-primary",
    EnrollmentStatus.REJECTED: "text-bg-danger",
    EnrollmentStatus.COMPLETED: "text-bg-success",
    EnrollmentStatus.WITHDRAWN: "text-bg-secondary",
}


@register.filter
def status_badge(status):
    return BADGES.get(status, "text-bg-light")


@register.inclusion_tag("programs/_person_training.html", takes_context=True)
def person_training(context, person):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"training": read_person_training(person, user), "person": person}
