"""Demo practices, projects and documents of `manage.py seed_demo`: every status, the rule of
inclusion kept, the demo teacher's own practice and sheet, documents of every kind, the same data
for the same seed."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Avg, Count, Q

from profrost.core.models import User
from profrost.practices import services
from profrost.practices.models import (
    MIN_REVIEWS,
    PASS_MEAN,
    Dissemination,
    Document,
    DocumentKind,
    InnovationProject,
    InnovationReport,
    Practice,
    PracticeReview,
    PracticeStatus,
)
from profrost.practices.selectors import documents_in_force
from profrost.registry.models import OrganizationStatus

TODAY = date(2026, 3, 2)


def seed(seed=1):
    out = StringIO()
    call_command("seed_demo", teachers=200, seed=seed, today="02.03.2026", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db, settings):
    settings.DEMO_BUILDERS = [
        "profrost.demo.registry.build.build_demo_registry",
        "profrost.demo.practices.build.build_demo_practices",
    ]
    return seed()


def test_demo_practices_cover_every_status(seeded):
    counts = dict(
        Practice.objects.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )

    assert counts == {
        "submitted": 6,
        "expertise": 6,
        "in_bank": 9,
        "disseminated": 6,
        "rejected": 3,
    }
    assert "Практики" in seeded


def test_demo_bank_keeps_the_rule_of_inclusion(seeded):
    published = Practice.objects.published().annotate(
        filled=Count("reviews", filter=Q(reviews__completed_on__isnull=False)),
        waiting=Count("reviews", filter=Q(reviews__completed_on__isnull=True)),
        mean=Avg("reviews__total"),
    )

    assert all(p.filled >= MIN_REVIEWS and p.waiting == 0 for p in published)
    assert all(p.mean >= PASS_MEAN for p in published)
    assert all(p.submitted_on <= p.included_on <= TODAY for p in published)
    assert not Dissemination.objects.exclude(practice__status=PracticeStatus.DISSEMINATED).exists()
    assert all(
        d.practice.included_on <= d.held_on <= TODAY
        for d in Dissemination.objects.select_related("practice")
    )


def test_demo_practices_under_expertise_wait_for_a_sheet(seeded):
    under = Practice.objects.filter(status=PracticeStatus.EXPERTISE)

    refusals = {services.inclusion_refusal(practice)[:40] for practice in under}

    assert refusals == {"Не все эксперты заполнили листы оценки: "}


def test_demo_teacher_has_a_practice_and_a_sheet_to_fill(seeded):
    teacher = User.objects.get(username="teacher")

    own = Practice.objects.filter(main_author=teacher.person)
    sheets = PracticeReview.objects.filter(expert=teacher.person)

    assert list(own.values_list("status", flat=True)) == ["submitted"]
    assert list(sheets.values_list("completed_on", "practice__status")) == [(None, "expertise")]


def test_demo_projects_belong_to_sites_of_the_registry(seeded):
    projects = InnovationProject.objects.select_related("organization")
    statuses = set(OrganizationStatus.objects.values_list("organization_id", "kind"))

    assert 1 <= projects.count() <= 12
    assert {(p.organization_id, p.site_kind) for p in projects} <= statuses
    assert InnovationReport.objects.exists()
    assert all(
        r.project.starts_on.year - 1 <= r.year <= r.project.ends_on.year and r.submitted_on <= TODAY
        for r in InnovationReport.objects.select_related("project")
    )


def test_demo_documents_cover_every_kind_some_expired(seeded):
    kinds = set(Document.objects.values_list("kind", flat=True))
    in_force = documents_in_force(DocumentKind.values, on=TODAY)

    assert kinds == set(DocumentKind.values)
    assert 0 < in_force.count() < Document.objects.count()
    assert not Document.objects.filter(kind__in=["municipal_program", "municipal_project"]).exclude(
        level="municipality"
    )


def test_demo_practices_are_the_same_for_the_same_seed(db, settings):
    settings.DEMO_BUILDERS = [
        "profrost.demo.registry.build.build_demo_registry",
        "profrost.demo.practices.build.build_demo_practices",
    ]

    def snapshot():
        return (
            list(Practice.objects.order_by("pk").values_list("title", "status", "submitted_on")),
            list(PracticeReview.objects.order_by("pk").values_list("total", "completed_on")),
            list(Document.objects.order_by("pk").values_list("title", "valid_from", "valid_to")),
        )

    def seed_and_roll_back():
        with transaction.atomic():
            seed()
            taken = snapshot()
            transaction.set_rollback(True)
        return taken

    first = seed_and_roll_back()
    seed()

    assert snapshot() == first
