"""The one mechanism for long computations: a Job row with progress, a Celery task that takes
ids (never objects), queued when the transaction commits, and a page that polls the job.

Without a broker Celery runs the task eagerly, so the embedded default finishes the job inside
the request and the page shows it done.
"""

from django.db import transaction
from django.utils import timezone

from .models import Job, JobStatus


def start(task, *, kind, title, user, message="", **kwargs):
    """Creates the job and queues `task(job_id=…, **kwargs)` once the transaction commits."""
    job = Job.objects.create(kind=kind, title=title, user=user, message=message[:500])
    transaction.on_commit(lambda: task.delay(job_id=job.pk, **kwargs))
    return job


def running(job_id):
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING, started=timezone.now(), progress=0
    )


def progress(job_id, done, total, message=""):
    percent = min(100, int(done * 100 / total)) if total else 100
    Job.objects.filter(pk=job_id).update(progress=percent, message=message[:500])


def finish(job_id, *, result_url="", result_file="", message=""):
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.DONE,
        progress=100,
        finished=timezone.now(),
        result_url=result_url,
        result_file=result_file,
        message=message[:500],
    )


def fail(job_id, message):
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.FAILED, finished=timezone.now(), message=message[:500]
    )
