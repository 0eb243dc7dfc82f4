"""Starting a period's computation in the background."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core import jobs

from ..models import PeriodStatus
from ..tasks import compute_period_task


@transaction.atomic
def start_computation(period, *, by):
    """Queues the computation as a background job; the period page polls its progress.

    Atomic so that the job, queued on commit, starts only after the period is marked
    «computing»: an eager task (no broker) would otherwise finish first and be overwritten."""
    if period.status == PeriodStatus.COMPUTING:
        raise ValidationError(_("Период уже рассчитывается."))
    job = jobs.start(
        compute_period_task,
        kind="monitoring.compute",
        title=_("Расчёт показателей: %(period)s") % {"period": period},
        user=by,
        period_id=period.pk,
        user_id=by.pk,
    )
    period.status = PeriodStatus.COMPUTING
    period.job = job
    period.save(update_fields=["status", "job"])
    return job
