"""«Мои задачи» of monitoring (core/todo.py): recommendations to answer, ended periods to
compute, red indicators of the latest computed period that no recommendation answers yet."""

from django.urls import reverse
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.core.todo import TASK_LIMIT, Task, TaskGroup, is_overdue, overdue_first, task_group

from ..models import MonitoringPeriod, PeriodStatus, Recommendation, RecommendationStatus
from .dashboard import dashboard
from .scopes import RED, default_scope, period_or_none, visible_scopes

TO_COMPUTE = (PeriodStatus.NEW, PeriodStatus.FAILED)


def recommendation_tasks(user, today):
    """Recommendations addressed to the user (their organization, municipality or person) that
    wait for an answer."""
    perm = Perm.ANSWER_RECOMMENDATIONS
    if not has_perm_anywhere(user, perm) or user.is_superuser:  # the superuser is no addressee
        return None
    waiting = (
        Recommendation.objects.answerable_by(user, perm)
        .filter(status=RecommendationStatus.NEW)
        .select_related("period")
    )

    def to_task(recommendation):
        period = recommendation.period
        return Task(
            recommendation.title,
            recommendation.get_absolute_url(),
            recommendation.deadline,
            _("Получена %(day)s") % {"day": format_date(recommendation.created.date())}
            + (f" · {period.title}" if period else ""),
            is_overdue(recommendation.deadline, today),
        )

    return task_group(
        "recommendations-to-answer",
        _("Рекомендации, ждущие ответа"),
        overdue_first(waiting, "deadline", today, "-created", "-pk"),
        to_task,
        more_url=reverse("monitoring:recommendation_list")
        + f"?box=inbox&status={RecommendationStatus.NEW}",
    )


def period_tasks(user, today):
    """Ended periods the user may compute that are not computed (new, or failed)."""
    perm = Perm.COMPUTE_MONITORING
    if not has_perm_anywhere(user, perm):
        return None
    periods = MonitoringPeriod.objects.changeable_by(user, perm).filter(
        status__in=TO_COMPUTE, ends_on__lt=today
    )

    def to_task(period):
        return Task(
            period.title,
            period.get_absolute_url(),
            None,
            _("%(state)s · период окончен %(end)s")
            % {"state": period.get_status_display(), "end": format_date(period.ends_on)},
        )

    return task_group(
        "periods-to-compute",
        _("Периоды мониторинга к расчёту"),
        periods.order_by("-ends_on", "-pk"),
        to_task,
        more_url=reverse("monitoring:period_list"),
    )


def red_indicator_tasks(user, today, limit=TASK_LIMIT):
    """Indicators of the user's broadest scope that are red (below target, beyond the yellow
    band) in the latest computed period, with no recommendation of that period on them in the
    user's reach. Only the latest period: the dashboard reads it in a fixed number of queries."""
    if not has_perm_anywhere(user, Perm.MANAGE_RECOMMENDATIONS):
        return None
    group = TaskGroup("red-indicators", _("Показатели ниже цели без рекомендаций"))
    period = period_or_none(user, None)
    scope = default_scope(visible_scopes(user, period)) if period else None
    if scope is None:
        return group
    red = [row.cell for row in dashboard(user, period, scope).rows if row.cell.light == RED]
    answered = set(
        Recommendation.objects.changeable_by(user, Perm.MANAGE_RECOMMENDATIONS)
        .filter(period=period, indicator__in=[cell.indicator.code for cell in red])
        .values_list("indicator", flat=True)
    )
    ranking = reverse("monitoring:ranking", args=[period.pk])
    waiting = [cell for cell in red if cell.indicator.code not in answered]
    group.tasks = [
        Task(
            str(cell.indicator.name),
            f"{ranking}?indicator={cell.indicator.code}&scope={scope.key}&below=1",
            None,
            _("%(scope)s, %(period)s: %(value)s при цели %(target)s")
            % {
                "scope": scope.name,
                "period": period.title,
                "value": cell.value,
                "target": cell.target.value,
            },
        )
        for cell in waiting[:limit]
    ]
    group.total = len(waiting)
    group.more_url = reverse("monitoring:dashboard") + f"?period={period.pk}&scope={scope.key}"
    return group
