from celery import shared_task
from django.contrib.auth import get_user_model
from django.urls import reverse

from profrost.core import jobs

from .models import MonitoringPeriod, PeriodStatus


@shared_task
def compute_period_task(*, job_id, period_id, user_id):
    # Imported here: the services package imports this module to queue the task.
    from .services.computing import compute_period

    jobs.running(job_id)
    period = MonitoringPeriod.objects.get(pk=period_id)
    user = get_user_model().objects.filter(pk=user_id).first()
    try:
        compute_period(period, by=user, job_id=job_id)
    except Exception as error:
        MonitoringPeriod.objects.filter(pk=period_id).update(status=PeriodStatus.FAILED)
        jobs.fail(job_id, str(error))
        raise
    jobs.finish(job_id, result_url=reverse("monitoring:period_detail", args=[period_id]))
