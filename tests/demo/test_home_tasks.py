"""Every demo login finds something in «Мои задачи» on its home page."""

from datetime import date

import pytest
from django.core.management import call_command

from profrost.core.models import User
from profrost.demo.registry.users import DEMO_USERNAMES
from profrost.home import task_groups
from profrost.monitoring.models import Recommendation

BUILDERS = [
    "profrost.demo.registry.build.build_demo_registry",
    "profrost.demo.diagnostics.build_demo_diagnostics",
    "profrost.demo.programs.build.build_demo_programs",
    "profrost.demo.methodists.build_demo_methodists",
    "profrost.demo.routes.build_demo_routes",
    "profrost.demo.datarequests.build_demo_datarequests",
    "profrost.demo.monitoring.build_demo_monitoring",
]


@pytest.fixture
def demo(db, settings):
    settings.DEMO_BUILDERS = BUILDERS
    call_command("seed_demo", teachers=150, seed=3, today="23.11.2026", stdout=None)


DEMO_TODAY = date(2026, 11, 23)


def groups_of(username):
    user = User.objects.get(username=username)
    return {group.key: group for group in task_groups(user, DEMO_TODAY)}


def test_every_demo_login_has_tasks(demo):
    empty = [username for username in DEMO_USERNAMES if not groups_of(username)]
    assert empty == []


def test_demo_school_has_recommendations_to_answer_one_overdue(demo):
    group = groups_of("school")["recommendations-to-answer"]
    # The fourth, the ЦНППМ's, the school has answered.
    assert group.total == 3 == Recommendation.objects.filter(status="new").count()
    assert [task.overdue for task in group.tasks] == [True, False, False]


def test_demo_psychologist_has_the_screenings_to_look_at(demo):
    group = groups_of("psychologist")["sensitive-attention"]

    assert group.total > 0
    assert all(task.url.startswith("/diagnostics/attempts/") for task in group.tasks)
