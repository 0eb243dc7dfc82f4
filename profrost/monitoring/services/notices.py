"""What the monitoring services tell people (docs/notifications.md): the addressee that a
recommendation came, its author that it was answered, the owners of a period that its
indicators are computed. The messages are functions of their own so that the demo tells the
same."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.core.models import RoleAssignment
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
    notify(
        addressees(recommendation),
        NotificationKind.RECOMMENDATION_RECEIVED,
        **received_message(recommendation),
    )


def received_message(recommendation):
    deadline = recommendation.deadline
    return {
        "title": _("Получена рекомендация «%(title)s»") % {"title": recommendation.title},
        "text": _("Ответьте до %(date)s.") % {"date": format_date(deadline)} if deadline else "",
        "url": recommendation.get_absolute_url(),
        "key": f"recommendation:{recommendation.pk}",
    }


def recommendation_answered(recommendation):
    if recommendation.created_by_id:
        notify(
            [recommendation.created_by_id],
            NotificationKind.RECOMMENDATION_ANSWERED,
            **answered_message(recommendation),
        )


def answered_message(recommendation):
    return {
        "title": _("Получен ответ на рекомендацию «%(title)s»") % {"title": recommendation.title},
        "url": recommendation.get_absolute_url(),
        "key": f"recommendation:{recommendation.pk}",
    }


def period_owners(period):
    """Who computes the period: the holders of a computing role over its own scope (the region
    of a regional period, the municipality of a municipal one)."""
    roles = [
        role for role in roles_granting(Perm.COMPUTE_MONITORING) if ROLE_LEVEL[role] == period.level
    ]
    scope = {"municipality": period.municipality_id}
    if period.level == Level.REGION:
        scope = {"region": period.region_id}
    return RoleAssignment.objects.filter(role__in=roles, user__is_active=True, **scope).values_list(
        "user_id", flat=True
    )


def period_computed(period, by):
    """The period's owners and whoever started the computation: the indicators are ready."""
    starter = [by.pk] if getattr(by, "pk", None) else []
    users = {*period_owners(period), *starter}
    notify(users, NotificationKind.PERIOD_COMPUTED, **computed_message(period))


def computed_message(period):
    return {
        "title": _("Рассчитаны показатели: %(title)s") % {"title": period.title},
        "text": _("Расчёт завершён %(date)s. Проверьте показатели ниже целевых значений.")
        % {"date": format_date(timezone.localtime(period.computed_at).date())},
        "url": period.get_absolute_url(),
        "key": f"period:{period.pk}:{period.computed_at.timestamp()}",
    }
