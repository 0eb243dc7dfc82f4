"""Demo programs of `manage.py seed_demo`: the catalogue, cohorts, enrolments in every status
that follow the services' rules, a meaningful «3 years» list, requests and support."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from profrost.core.dates import add_years
from profrost.core.models import User
from profrost.programs import selectors, services
from profrost.programs.models import (
    HOLDS_PLACE,
    MIN_HOURS,
    Cohort,
    Enrollment,
    EnrollmentStatus,
    PostCourseSupport,
    Program,
    TrainingRequest,
)
from profrost.registry.models import Person

TODAY = date(2026, 3, 2)
S = EnrollmentStatus


@pytest.fixture
def seeded(db, settings):
    settings.DEMO_BUILDERS = [
        "profrost.demo.registry.build.build_demo_registry",
        "profrost.demo.programs.build.build_demo_programs",
    ]
    out = StringIO()
    call_command("seed_demo", teachers=200, seed=1, today="02.03.2026", stdout=out)
    return out.getvalue()


def test_demo_catalogue_has_forty_programs_half_in_the_registry(seeded):
    programs = Program.objects.all()

    assert programs.count() == 40
    assert programs.filter(federal_registry=True).exclude(registry_number="").count() == 20
    assert programs.filter(links__isnull=True).count() == 0
    for kind, minimum in MIN_HOURS.items():
        assert not programs.filter(kind=kind, hours__lt=minimum).exists()
    assert programs.filter(provider__kind="institute").exists()
    assert programs.filter(provider_name="ФГАОУ ДПО «Академия Минпросвещения России»").exists()
    assert set(programs.filter(quality_management=True).values_list("title", flat=True)) == {
        "Управление качеством образования в общеобразовательной организации",
        "Менеджмент в образовании",
        "Стажировка в школе с высокими результатами: управление качеством",
    }


def test_demo_enrolments_cover_every_status_and_respect_capacity(seeded):
    statuses = set(Enrollment.objects.values_list("status", flat=True))
    over = Cohort.objects.annotate(
        taken=Count("enrollments", filter=Q(enrollments__status__in=HOLDS_PLACE))
    ).filter(taken__gt=F("capacity"))

    assert statuses == set(S.values)
    assert over.count() == 0
    completed = Enrollment.objects.filter(
        status=S.COMPLETED, cohort__program__kind__in=["pk", "pp"]
    )
    assert completed.filter(document_number="").count() == 0
    assert completed.filter(completed_on__lt=add_years(TODAY, -3)).exists()


def test_demo_history_follows_the_transitions_table(seeded):
    for enrollment in Enrollment.objects.prefetch_related("transitions")[:300]:
        steps = [step.to_status for step in enrollment.transitions.all()]
        assert steps[0] == S.APPLIED
        for before, after in zip(steps, steps[1:], strict=False):
            assert after in services.TRANSITIONS[before]
        assert steps[-1] == enrollment.status


def test_demo_three_years_list_is_neither_empty_nor_everyone(seeded):
    admin = User.objects.get(username="region")
    without = selectors.no_recent_training(admin, TODAY).count()
    teaching = Person.objects.filter(
        employments__position__category="teaching", employments__end_date__isnull=True
    ).distinct()

    assert 0 < without < teaching.count()


def test_demo_users_have_something_to_do(seeded):
    teacher = User.objects.get(username="teacher")
    school = User.objects.get(username="school")
    waiting = Enrollment.objects.visible_to(school, "programs.approve").filter(status=S.APPLIED)

    assert Enrollment.objects.filter(person=teacher.person, status=S.APPLIED).count() == 1
    assert TrainingRequest.objects.filter(person=teacher.person).count() == 1
    assert waiting.count() >= 3


def test_demo_support_and_requests_exist_and_summary_is_printed(seeded):
    assert PostCourseSupport.objects.exclude(enrollment__status=S.COMPLETED).count() == 0
    assert PostCourseSupport.objects.count() > 0
    assert TrainingRequest.objects.filter(person__isnull=True, headcount__gt=1).exists()
    assert "Программы ДПО" in seeded
