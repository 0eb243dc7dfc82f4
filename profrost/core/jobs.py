"""The one mechanism for long computations: a Job row with progress, a Celery task that takes
ids (never objects), queued when the transaction commits, and a page that polls the job.

Without a broker Celery runs the task eagerly, so the embedded default finishes the job inside
the request and the page shows it done.
"""

import time

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from .models import Job, JobStatus

PROGRESS_INTERVAL = 0.5  # seconds between two updates of a job's bar from inside a transaction
_reported = {}  # job id: when its bar was last updated from inside a transaction


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
    """How far the job is. Inside a transaction (an import's write, a monitoring computation)
    an update on the task's own connection would be seen only at the commit, the bar frozen
    until then: on PostgreSQL it goes through a connection of its own, at most every
    PROGRESS_INTERVAL seconds. SQLite has one writer at a time: there it waits for the commit."""
    percent = min(100, int(done * 100 / total)) if total else 100
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block or connection.vendor == "sqlite":
        Job.objects.filter(pk=job_id).update(progress=percent, message=message[:500])
        return
    now = time.monotonic()
    if now - _reported.get(job_id, -PROGRESS_INTERVAL) < PROGRESS_INTERVAL and done < total:
        return
    _reported[job_id] = now
    _update_aside(job_id, percent, message[:500])


def _update_aside(job_id, percent, message):
    """The update on a connection of its own, committed at once."""
    aside = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with aside.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Job._meta.db_table} SET progress = %s, message = %s WHERE id = %s",
                [percent, message, job_id],
            )
    finally:
        aside.close()


def finish(job_id, *, result_url="", result_file="", message=""):
    _reported.pop(job_id, None)
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.DONE,
        progress=100,
        finished=timezone.now(),
        result_url=result_url,
        result_file=result_file,
        message=message[:500],
    )


def fail(job_id, message):
    _reported.pop(job_id, None)
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.FAILED, finished=timezone.now(), message=message[:500]
    )
