"""Who may change recommendations and decisions; shared by the services of both."""

from django.core.exceptions import PermissionDenied

from profrost.core.roles import Perm

from ..models import (
    ManagementDecision,
    Recommendation,
)

MANAGE = Perm.MANAGE_RECOMMENDATIONS
ANSWER = Perm.ANSWER_RECOMMENDATIONS
DECIDE = Perm.MANAGE_DECISIONS
VIEW = Perm.VIEW_MONITORING


# Who may ---------------------------------------------------------------------------------------


def may_manage(user, recommendation):
    """The issuing side over the addressee; never the addressee person themselves (a regional
    methodist does not review the answer to a recommendation addressed to them)."""
    rows = Recommendation.objects.changeable_by(user, MANAGE).filter(pk=recommendation.pk)
    if user.person_id:
        rows = rows.exclude(person=user.person_id)
    return rows.exists()


def may_answer(user, recommendation):
    return Recommendation.objects.answerable_by(user, ANSWER).filter(pk=recommendation.pk).exists()


def may_decide(user, decision):
    return ManagementDecision.objects.changeable_by(user, DECIDE).filter(pk=decision.pk).exists()


def require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)
