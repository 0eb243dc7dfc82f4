from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from profrost.core.models import User
from profrost.notifications.models import Notification, NotificationKind

TEACHERS = 300
BUILDERS = [
    "profrost.demo.registry.build.build_demo_registry",
    "profrost.demo.diagnostics.build_demo_diagnostics",
    "profrost.demo.programs.build.build_demo_programs",
    "profrost.demo.mentoring.build.build_demo_mentoring",
    "profrost.demo.methodists.build_demo_methodists",
    "profrost.demo.routes.build_demo_routes",
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


@pytest.mark.parametrize("username", ["teacher", "school"])
def test_demo_logins_have_notifications_some_unread(demo, username):
    rows = Notification.objects.filter(recipient__username=username)

    assert NotificationKind.DIAGNOSTIC_ASSIGNED in set(rows.values_list("kind", flat=True))
    assert rows.filter(read_at=None).exists()
    assert rows.filter(read_at__isnull=False).exists()


def test_demo_teacher_is_told_her_route_was_agreed(demo):
    teacher = User.objects.get(username="teacher")
    route = teacher.person.routes.get(status="in_progress")

    notification = Notification.objects.get(recipient=teacher, kind=NotificationKind.ROUTE_AGREED)

    assert notification.url == f"/routes/{route.pk}/"
    assert notification.created_at.date() == route.agreed_on
