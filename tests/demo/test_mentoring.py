from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from profrost.core.models import User
from profrost.mentoring import selectors
from profrost.mentoring.models import (
    MentoringMeeting,
    MentoringPair,
    MentoringProgram,
    PairStatus,
    ProgramLevel,
)
from profrost.registry.models import (
    Attestation,
    Employment,
    Municipality,
    Organization,
    OrganizationStatus,
    Person,
    Region,
)

TODAY = date(2026, 3, 2)
REGISTRY = "profrost.demo.registry.build.build_demo_registry"
DIAGNOSTICS = "profrost.demo.diagnostics.build_demo_diagnostics"
MENTORING = "profrost.demo.mentoring.build.build_demo_mentoring"


def seed(seed=1):
    out = StringIO()
    call_command("seed_demo", seed=seed, teachers=400, today="02.03.2026", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db, settings):
    settings.DEMO_BUILDERS = [REGISTRY, DIAGNOSTICS, MENTORING]
    return seed()


def test_demo_mentoring_has_programmes_of_both_levels(seeded):
    levels = set(MentoringProgram.objects.values_list("level", flat=True))

    assert levels == {ProgramLevel.ORGANIZATION, ProgramLevel.MUNICIPALITY}
    assert MentoringProgram.objects.filter(ends_on__lt=TODAY).exists()  # last year's
    assert "Программы наставничества" in seeded


def test_demo_mentoring_pairs_keep_the_rules(seeded):
    pairs = MentoringPair.objects.select_related("program")

    assert pairs.filter(mentor=F("mentee")).count() == 0
    assert pairs.filter(planned_end_on__lt=F("starts_on")).count() == 0
    several = (
        pairs.filter(status=PairStatus.ACTIVE)
        .values("mentee")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert list(several) == []
    outside = pairs.filter(program__isnull=False).exclude(
        Q(program__organization=F("organization"))
        | Q(
            program__organization__isnull=True,
            program__municipality=F("organization__municipality"),
        )
    )
    assert outside.count() == 0
    assert pairs.filter(deficits__isnull=False).exclude(deficits__person=F("mentee")).count() == 0
    assert pairs.filter(deficits__isnull=False).exists()
    assert pairs.filter(status=PairStatus.COMPLETED).exclude(result="").exists()


def test_demo_mentoring_meetings_lie_within_their_pairs(seeded):
    meetings = MentoringMeeting.objects.all()

    assert meetings.count() > 0
    assert meetings.filter(held_on__lt=F("pair__starts_on")).count() == 0
    assert meetings.filter(held_on__gt=TODAY).count() == 0
    assert (
        meetings.filter(pair__ended_on__isnull=False, held_on__gt=F("pair__ended_on")).count() == 0
    )


def test_demo_mentoring_leaves_young_specialists_without_a_mentor(seeded):
    municipal = User.objects.get(username="municipal")
    school = User.objects.get(username="school")
    region = User.objects.get(username="region")

    counts = selectors.young_support_counts(region, TODAY)

    assert counts["without"] > 0
    assert 45 <= counts["percent"] <= 75
    assert selectors.young_without_mentor(municipal, TODAY).exists()
    assert selectors.young_without_mentor(school, TODAY).count() < counts["without"]


def test_demo_mentoring_gives_the_demo_teacher_a_mentor(seeded):
    teacher = User.objects.get(username="teacher")

    assert MentoringPair.objects.active().filter(mentee=teacher.person).count() == 1


def fingerprint():
    return {
        (
            pair.mentor.last_name,
            pair.mentee.last_name,
            pair.kind,
            pair.starts_on,
            pair.status,
            pair.program.title if pair.program else "",
            pair.meetings.count(),
        )
        for pair in MentoringPair.objects.select_related("mentor", "mentee", "program")
    }


def delete_all():
    MentoringMeeting.objects.all().delete()
    MentoringPair.objects.all().delete()
    MentoringProgram.objects.all().delete()
    User.objects.all().delete()
    for model in (Attestation, Employment, Person, OrganizationStatus, Organization):
        model.objects.all().delete()
    Municipality.objects.all().delete()
    Region.objects.all().delete()


def test_demo_mentoring_is_deterministic(db, settings):
    settings.DEMO_BUILDERS = [REGISTRY, MENTORING]
    seed(seed=3)
    first = fingerprint()
    delete_all()
    seed(seed=3)

    assert fingerprint() == first
    assert len(first) > 10
