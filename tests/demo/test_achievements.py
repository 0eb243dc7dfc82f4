from io import StringIO

import pytest
from django.core.management import call_command

from profrost.achievements.models import (
    Competition,
    CompetitionParticipation,
    ExpertActivity,
    Level,
    Publication,
)
from profrost.core.models import User
from profrost.registry.models import Person
from tests.demo.test_seed_demo import delete_demo_data

BUILDERS = [
    "profrost.demo.registry.build.build_demo_registry",
    "profrost.demo.achievements.build.build_demo_achievements",
]


@pytest.fixture
def seeded(db, settings):
    settings.DEMO_BUILDERS = BUILDERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def seed(number=1):
        out = StringIO()
        call_command("seed_demo", teachers=400, seed=number, today="02.03.2026", stdout=out)
        return out.getvalue()

    return seed


PERSON = ("person__last_name", "person__first_name", "person__middle_name", "person__birth_date")


def rows(queryset, *fields):
    return sorted(str(row) for row in queryset.values_list(*fields))


def fingerprint():
    """The content of the demo achievements, independent of primary keys."""
    return {
        "competitions": rows(Competition.objects, "title", "level", "year", "municipality__name"),
        "participations": rows(
            CompetitionParticipation.objects,
            "competition__title",
            "competition__year",
            *PERSON,
            "result",
        ),
        "publications": rows(Publication.objects, *PERSON, "title", "year", "level"),
        "experts": rows(ExpertActivity.objects, *PERSON, "kind", "direction", "started_on"),
    }


def test_demo_achievements_cover_every_level_and_the_demo_teacher(seeded):
    out = seeded()

    levels = set(Competition.objects.values_list("level", flat=True))
    teacher = User.objects.get(username="teacher").person
    assert levels == set(Level.values)
    assert CompetitionParticipation.objects.filter(person=teacher).count() >= 1
    assert Publication.objects.filter(person=teacher).count() >= 1
    assert "Конкурсы профессионального мастерства" in out


def test_demo_achievements_shares_of_staff(seeded):
    seeded()

    staff = Person.objects.count()
    authors = Publication.objects.values("person").distinct().count()
    experts = ExpertActivity.objects.values("person").distinct().count()
    assert 0.10 <= authors / staff <= 0.20
    assert 0.02 <= experts / staff <= 0.08


def test_demo_achievements_rows_are_valid(seeded):
    seeded()

    for model in (Competition, CompetitionParticipation, Publication, ExpertActivity):
        for row in model.objects.all():
            row.full_clean()
    finished = CompetitionParticipation.objects.filter(competition__year=2025)
    assert (
        finished.filter(result="winner").count()
        >= Competition.objects.filter(year=2025).count() - 3
    )
    assert (
        not CompetitionParticipation.objects.filter(competition__year=2026)
        .exclude(result="participant")
        .exists()
    )


def test_demo_achievements_same_seed_same_data(seeded):
    seeded()
    first = fingerprint()
    CompetitionParticipation.objects.all().delete()
    Competition.objects.all().delete()
    delete_demo_data()
    seeded()

    assert fingerprint() == first
