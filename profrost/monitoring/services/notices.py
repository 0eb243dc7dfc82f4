"""What the recommendation services tell people (docs/notifications.md): the addressee that a
recommendation came, its author that it was answered."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.core.roles import ROLE_LEVEL, Level, Perm, roles_granting
from profrost.notifications.models import NotificationKind
from profrost.notifications.services import notify

ANSWER = Perm.ANSWER_RECOMMENDATIONS


def addressees(recommendation):
    """The users who answer the recommendation (`Recommendation.objects.answerable_by`): those
    holding an answering role over its organization or municipality; for a person, their own
    accounts."""
    users = get_user_model().objects.filter(is_active=True)
    if recommendation.person_id:
        return users.filter(person=recommendation.person_id)
    if recommendation.organization_id:
        level, scope = Level.ORGANIZATION, Q(roles__organization=recommendation.organization_id)
    else:
        level, scope = Level.MUNICIPALITY, Q(roles__municipality=recommendation.municipality_id)
    roles = [role for role in roles_granting(ANSWER) if ROLE_LEVEL[role] == level]
    return users.filter(scope, roles__role__in=roles).distinct()


def recommendation_received(recommendation):
    deadline = recommendation.deadline
    notify(
        addressees(recommendation),
        NotificationKind.RECOMMENDATION_RECEIVED,
        title=_("Получена рекомендация «%(title)s»") % {"title": recommendation.title},
        text=_("Ответьте до %(date)s.") % {"date": format_date(deadline)} if deadline else "",
        url=recommendation.get_absolute_url(),
        key=f"recommendation:{recommendation.pk}",
    )


def recommendation_answered(recommendation):
    if not recommendation.created_by_id:
        return
    notify(
        [recommendation.created_by_id],
        NotificationKind.RECOMMENDATION_ANSWERED,
        title=_("Получен ответ на рекомендацию «%(title)s»") % {"title": recommendation.title},
        url=recommendation.get_absolute_url(),
        key=f"recommendation:{recommendation.pk}",
    )
