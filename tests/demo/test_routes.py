from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from profrost.core.models import User
from profrost.routes import selectors
from profrost.routes.models import Route, RouteStatus

TEACHERS = 300
# The routes' builder reads what these made.
BUILDERS = [
    "profrost.demo.registry.build.build_demo_registry",
    "profrost.demo.diagnostics.build_demo_diagnostics",
    "profrost.demo.programs.build.build_demo_programs",
    "profrost.demo.mentoring.build.build_demo_mentoring",
    "profrost.demo.methodists.build_demo_methodists",
    "profrost.demo.routes.build_demo_routes",
]


@pytest.fixture
def demo(db, settings):
    settings.DEMO_BUILDERS = BUILDERS
    out = StringIO()
    call_command("seed_demo", teachers=TEACHERS, seed=2, stdout=out)
    return out.getvalue()


def test_demo_routes_cover_every_status_and_the_teacher(demo):
    counts = dict(Route.objects.values_list("status").annotate(n=Count("pk")))
    teacher = User.objects.get(username="teacher")
    summary = next(line for line in demo.splitlines() if "Индивидуальные маршруты" in line)

    route = Route.objects.get(person=teacher.person_id, status=RouteStatus.IN_PROGRESS)

    assert set(counts) == set(RouteStatus.values)
    assert route.agreed_on is not None
    assert selectors.overdue_checkpoints().filter(item__route=route).exists()
    assert int(summary.split()[-1]) == Route.objects.count()


def test_demo_completed_routes_show_before_and_after(demo):
    completed = Route.objects.filter(status=RouteStatus.COMPLETED)
    changes = [
        competence.change
        for route in completed
        for competence in selectors.before_after(route)
        if competence.change is not None
    ]

    assert completed.count() >= 10
    assert completed.filter(rediagnosis_attempt__status="submitted").count() >= 5
    assert len(changes) >= 10


def test_demo_ranks_programs_by_their_effect(demo):
    ranked, _few = selectors.program_effect(User.objects.get(username="regmethodist"))

    assert ranked
    assert all(row["people"] >= selectors.MIN_PEOPLE_MEASURED for row in ranked)
