"""Expired sessions are cleared daily by the beat (they hold who was logged in)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from profrost.core.tasks import clear_sessions_task


def test_clear_sessions_task_removes_expired_sessions_only(db):
    now = timezone.now()
    Session.objects.create(session_key="old", session_data="x", expire_date=now - timedelta(1))
    Session.objects.create(session_key="new", session_data="x", expire_date=now + timedelta(1))
    clear_sessions_task()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]


def test_clear_sessions_runs_daily():
    assert settings.CELERY_BEAT_SCHEDULE["clear-sessions"]["task"] == (
        "profrost.core.tasks.clear_sessions_task"
    )
