"""Demo diagnostics of `manage.py seed_demo`: campaigns, the demo teacher's open attempt, results
and deficits that follow the services' rules, the same data for the same seed."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Avg, Count
from django.utils import timezone

from profrost.core.models import ImportBatch, User
from profrost.demo.diagnostics import FEDERAL_SOURCE
from profrost.diagnostics import services
from profrost.diagnostics.models import (
    Attempt,
    AttemptStatus,
    Campaign,
    CampaignStatus,
    CompetenceResult,
    Deficit,
    DeficitStatus,
    ResultSource,
)

TODAY = date(2026, 3, 2)
TEACHERS = 200


def seed(seed=1):
    out = StringIO()
    call_command("seed_demo", teachers=TEACHERS, seed=seed, today="02.03.2026", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db, settings):
    settings.DEMO_BUILDERS = [
        "profrost.demo.registry.build.build_demo_registry",
        "profrost.demo.diagnostics.build_demo_diagnostics",
    ]
    return seed()


def campaign_of(code):
    return Campaign.objects.get(instrument__code=code)


def test_demo_diagnostics_has_the_spring_campaign_two_young_waves_and_the_screening(seeded):
    spring = campaign_of("methodical-test")
    young_spring, young = Campaign.objects.filter(instrument__code="young-difficulties").order_by(
        "starts_on"
    )
    burnout = campaign_of("burnout-screening")

    assert (spring.starts_on, spring.ends_on, spring.level) == (
        date(2025, 3, 10),
        date(2025, 4, 20),
        "region",
    )
    assert (young.starts_on, young.young_only) == (date(2025, 10, 1), True)
    assert (young_spring.starts_on, young_spring.young_only) == (date(2025, 3, 1), True)
    assert young_spring.title.endswith("весна 2025")
    assert young.title.endswith("осень 2025")
    assert (burnout.level, burnout.municipality.name) == (
        "municipality",
        "Городской округ город Северогорск",
    )
    assert [c.status_on(TODAY) for c in (spring, young_spring, young, burnout)] == [
        CampaignStatus.CLOSED,
        CampaignStatus.CLOSED,
        CampaignStatus.CLOSED,
        CampaignStatus.OPEN,
    ]
    assert "Диагностические кампании" in seeded


def test_demo_spring_campaign_submitted_by_about_sixty_percent(seeded):
    attempts = campaign_of("methodical-test").attempts
    submitted = attempts.filter(status=AttemptStatus.SUBMITTED).count()

    assert attempts.count() >= 50
    assert 0.45 <= submitted / attempts.count() <= 0.75
    assert (
        not attempts.exclude(status=AttemptStatus.SUBMITTED)
        .exclude(status=AttemptStatus.ASSIGNED)
        .exists()
    )


def test_demo_teacher_has_an_assigned_not_started_attempt_in_the_open_campaign(seeded):
    teacher = User.objects.get(username="teacher")
    burnout = campaign_of("burnout-screening")

    attempt = Attempt.objects.get(person=teacher.person_id, campaign=burnout)

    assert (attempt.status, attempt.started_at, attempt.answers.count()) == (
        AttemptStatus.ASSIGNED,
        None,
        0,
    )
    assert burnout.attempts.filter(status=AttemptStatus.SUBMITTED).exists()


def test_demo_submitted_attempts_have_answers_and_results_on_their_day(seeded):
    for attempt in Attempt.objects.filter(status=AttemptStatus.SUBMITTED).select_related(
        "campaign"
    ):
        results = attempt.results.all()
        assert attempt.answers.exists()
        assert results.exists()
        day = timezone.localdate(attempt.submitted_at)
        assert {r.measured_on for r in results} == {day}
        assert attempt.campaign.starts_on <= day <= min(attempt.campaign.ends_on, TODAY)


def test_demo_federal_results_are_imported_before_the_spring(seeded):
    imported = CompetenceResult.objects.filter(source=ResultSource.IMPORT)
    batch = ImportBatch.objects.get(kind="results")

    assert imported.exists()
    assert set(imported.values_list("source_title", "import_batch")) == {(FEDERAL_SOURCE, batch.pk)}
    assert imported.latest("measured_on").measured_on < date(2025, 3, 10)
    assert batch.summary["counts"]["create"] == imported.count()


def test_demo_has_open_deficits_and_ones_closed_by_the_spring(seeded):
    closed = Deficit.objects.filter(status=DeficitStatus.CLOSED).select_related(
        "found_by", "closed_by"
    )

    assert Deficit.objects.filter(status=DeficitStatus.OPEN).exists()
    assert closed.exists()
    assert {(d.found_by.source, d.closed_by.source) for d in closed} >= {
        (ResultSource.IMPORT, ResultSource.CAMPAIGN)
    }
    people = Deficit.objects.values("person").distinct().count()
    assert people >= 20


def test_demo_results_differ_by_competence(seeded):
    spring = CompetenceResult.objects.filter(source=ResultSource.CAMPAIGN)
    averages = spring.values("competence").annotate(mean=Avg("percent"), n=Count("pk"))

    assert len({round(row["mean"]) for row in averages}) >= 5
    assert spring.values("level").distinct().count() == 3


def deficit_rows():
    return sorted(
        (
            d.person_id,
            d.competence_id,
            d.organization_id,
            d.level,
            d.found_on,
            d.status,
            d.closed_on,
        )
        for d in Deficit.objects.all()
    )


def test_demo_deficits_equal_what_the_services_give(seeded):
    demo = deficit_rows()
    results = list(CompetenceResult.objects.order_by("measured_on", "pk"))
    Deficit.objects.all().delete()
    CompetenceResult.objects.all().delete()

    for result in results:
        services.record_result(
            person=result.person,
            organization_id=result.organization_id,
            competence_id=result.competence_id,
            measured_on=result.measured_on,
            score=result.score,
            max_score=result.max_score,
            level=result.level,
            source=result.source,
            source_title=result.source_title,
            attempt_id=result.attempt_id,
        )

    assert deficit_rows() == demo
    assert len(demo) > 0


def fingerprint():
    """The diagnostics of the demo, independent of primary keys."""
    results = CompetenceResult.objects.values_list(
        "person__last_name",
        "person__birth_date",
        "competence__code",
        "source_title",
        "measured_on",
        "score",
        "level",
    )
    attempts = Attempt.objects.values_list(
        "person__last_name", "person__birth_date", "campaign__title", "status"
    )
    deficits = Deficit.objects.values_list(
        "person__last_name", "person__birth_date", "competence__code", "found_on", "status"
    )
    return [sorted(map(repr, rows)) for rows in (results, attempts, deficits)]


def delete_demo_data():
    from tests.demo.test_seed_demo import delete_demo_data as delete_registry

    Deficit.objects.all().delete()
    CompetenceResult.objects.all().delete()
    Attempt.objects.all().delete()
    Campaign.objects.all().delete()
    ImportBatch.objects.all().delete()
    delete_registry()


def test_demo_diagnostics_are_deterministic_for_the_same_seed(seeded):
    first = fingerprint()
    delete_demo_data()
    seed()
    assert fingerprint() == first
    delete_demo_data()
    seed(seed=2)
    assert fingerprint() != first
