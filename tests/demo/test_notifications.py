from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from profrost.core.models import User
from profrost.demo.registry.users import DEMO_USERNAMES
from profrost.notifications.models import Notification, NotificationKind
from profrost.notifications.reminders import send_all

TEACHERS = 300
BUILDERS = [
    "profrost.demo.registry.build.build_demo_registry",
    "profrost.demo.diagnostics.build_demo_diagnostics",
    "profrost.demo.programs.build.build_demo_programs",
    "profrost.demo.mentoring.build.build_demo_mentoring",
    "profrost.demo.methodists.build_demo_methodists",
    "profrost.demo.routes.build_demo_routes",
    "profrost.demo.datarequests.build_demo_datarequests",
    "profrost.demo.monitoring.build_demo_monitoring",
    "profrost.demo.notifications.build_demo_notifications",
]


@pytest.fixture
def demo(db, settings, django_capture_on_commit_callbacks):
    settings.DEMO_BUILDERS = BUILDERS
    out = StringIO()
    # The services' own notifications run on commit, as after a real seed_demo.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", teachers=TEACHERS, seed=2, stdout=out)
    return out.getvalue()


def test_demo_notifications_are_told_ahead_so_the_services_add_none_and_send_nothing(demo):
    summary = next(line for line in demo.splitlines() if "Уведомления" in line)

    assert int(summary.split()[-1]) == Notification.objects.count()
    assert mail.outbox == []


KIND = NotificationKind
# What each login is told of, at least.
EXPECTED = {
    "admin": {KIND.PERIOD_COMPUTED},
    "region": {KIND.PERIOD_COMPUTED},
    "cnppm": {KIND.PERIOD_COMPUTED, KIND.RECOMMENDATION_ANSWERED},
    "regmethodist": {KIND.PERIOD_COMPUTED},
    "psychologist": {KIND.SENSITIVE_ATTENTION},
    "municipal": {KIND.DIAGNOSTIC_ASSIGNED},
    "school": {KIND.RECOMMENDATION_RECEIVED, KIND.DATA_REQUEST_RECEIVED},
    "teacher": {KIND.DIAGNOSTIC_ASSIGNED, KIND.ROUTE_AGREED},
}


def test_every_demo_login_has_notifications_some_unread(demo):
    # One demo for all logins: a demo is the slow part.
    for username in DEMO_USERNAMES:
        rows = Notification.objects.filter(recipient__username=username)

        assert EXPECTED[username] <= set(rows.values_list("kind", flat=True)), username
        assert rows.filter(read_at=None).exists(), username


def test_the_school_has_read_what_it_answered_and_not_what_waits(demo):
    rows = Notification.objects.filter(recipient__username="school")
    received = rows.filter(kind=KIND.RECOMMENDATION_RECEIVED)

    assert received.filter(read_at=None).count() == 3
    assert received.exclude(read_at=None).count() == 1


def test_the_mornings_reminders_are_told_ahead_once(demo, django_capture_on_commit_callbacks):
    before = Notification.objects.count()
    with_reminders = Notification.objects.filter(
        kind__in=[KIND.CHECKPOINT_OVERDUE, KIND.CHECKPOINT_DUE, KIND.ATTESTATION_DUE]
    )
    assert with_reminders.exists()
    with django_capture_on_commit_callbacks(execute=True):
        found = send_all(timezone.localdate())

    assert found

    assert Notification.objects.count() == before


def test_demo_teacher_is_told_her_route_was_agreed(demo):
    teacher = User.objects.get(username="teacher")
    route = teacher.person.routes.get(status="in_progress")

    notification = Notification.objects.get(recipient=teacher, kind=NotificationKind.ROUTE_AGREED)

    assert notification.url == f"/routes/{route.pk}/"
    assert notification.created_at.date() == route.agreed_on


def test_only_the_psychologist_is_told_of_screenings_and_without_a_score(demo):
    rows = Notification.objects.filter(kind=KIND.SENSITIVE_ATTENTION)

    assert set(rows.values_list("recipient__username", flat=True)) == {"psychologist"}
    for row in rows:
        assert row.url.startswith("/diagnostics/attempts/")
        assert "%" not in row.title + row.text
