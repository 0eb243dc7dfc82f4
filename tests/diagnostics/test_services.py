from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from profrost.diagnostics import services
from profrost.diagnostics.models import (
    Answer,
    AttemptStatus,
    CompetenceResult,
    Deficit,
    DeficitStatus,
    ResultSource,
)
from tests import factories

from .conftest import first_option, second_option


def answer_all(diag, choices):
    attempt, user = diag["attempt_a"], diag["teacher_a"]
    for item, pick in zip(diag["items"], choices, strict=True):
        if pick is not None:
            services.save_answer(attempt, item, by=user, options=[pick(item).pk])


def test_submit_attempt_records_results_and_deficits(diag):
    # T.MET: item 1 wrong (w1), item 2 right (w3) → 3/4 = 75 % proficient.
    # T.PSY: item 3 right, item 4 unanswered → 1/2 = 50 % partial → a deficit.
    answer_all(diag, [second_option, first_option, first_option, None])
    services.submit_attempt(diag["attempt_a"], by=diag["teacher_a"])
    results = {
        r.competence.code: (r.score, r.max_score, r.percent, r.level)
        for r in CompetenceResult.objects.filter(person=diag["person_a"])
    }
    assert results == {
        "T.MET": (Decimal(3), Decimal(4), Decimal("75.0"), "proficient"),
        "T.PSY": (Decimal(1), Decimal(2), Decimal("50.0"), "partial"),
    }
    deficit = Deficit.objects.get(person=diag["person_a"])
    assert (deficit.competence.code, deficit.level, deficit.status) == ("T.PSY", "partial", "open")
    diag["attempt_a"].refresh_from_db()
    assert diag["attempt_a"].status == AttemptStatus.SUBMITTED


def test_submit_attempt_twice_is_refused(diag):
    services.submit_attempt(diag["attempt_a"], by=diag["teacher_a"])
    with pytest.raises(ValidationError, match="уже завершена"):
        services.submit_attempt(diag["attempt_a"], by=diag["teacher_a"])
    assert CompetenceResult.objects.count() == 2


def test_save_answer_to_another_persons_attempt_is_refused(diag):
    item = diag["items"][0]
    with pytest.raises(PermissionDenied):
        services.save_answer(
            diag["attempt_b"], item, by=diag["teacher_a"], options=[first_option(item).pk]
        )
    with pytest.raises(PermissionDenied):
        services.save_answer(
            diag["attempt_a"], item, by=diag["methodist"], options=[first_option(item).pk]
        )
    assert Answer.objects.count() == 0


def test_save_answer_after_campaign_closed_is_refused(diag):
    campaign = diag["campaign"]
    campaign.starts_on = date.today() - timedelta(days=30)
    campaign.ends_on = date.today() - timedelta(days=1)
    campaign.save()
    item = diag["items"][0]
    with pytest.raises(ValidationError, match="Срок диагностики истёк"):
        services.save_answer(
            diag["attempt_a"], item, by=diag["teacher_a"], options=[first_option(item).pk]
        )
    with pytest.raises(ValidationError, match="Срок диагностики истёк"):
        services.submit_attempt(diag["attempt_a"], by=diag["teacher_a"])
    assert Answer.objects.count() == 0
    assert CompetenceResult.objects.count() == 0


def test_save_answer_rejects_foreign_option_and_two_options_in_single_choice(diag):
    item, other = diag["items"][0], diag["items"][1]
    with pytest.raises(ValidationError, match="нет в вопросе"):
        services.save_answer(
            diag["attempt_a"], item, by=diag["teacher_a"], options=[first_option(other).pk]
        )
    with pytest.raises(ValidationError, match="только один"):
        services.save_answer(
            diag["attempt_a"],
            item,
            by=diag["teacher_a"],
            options=[first_option(item).pk, second_option(item).pk],
        )
    assert Answer.objects.count() == 0


def test_save_answer_is_rewritten_and_starts_the_attempt(diag):
    item = diag["items"][0]
    services.save_answer(
        diag["attempt_a"], item, by=diag["teacher_a"], options=[first_option(item).pk]
    )
    services.save_answer(
        diag["attempt_a"], item, by=diag["teacher_a"], options=[second_option(item).pk]
    )
    assert list(Answer.objects.values_list("options", flat=True)) == [[second_option(item).pk]]
    diag["attempt_a"].refresh_from_db()
    assert diag["attempt_a"].status == AttemptStatus.IN_PROGRESS


def record(diag, day, level, percent):
    return services.record_result(
        person=diag["person_a"],
        competence_id=diag["psy"].pk,
        measured_on=day,
        score=Decimal(percent),
        max_score=Decimal(100),
        level=level,
        source=ResultSource.IMPORT,
        source_title="Федеральная диагностика",
    )


def test_record_result_later_proficient_result_closes_the_deficit(diag):
    found = record(diag, date(2025, 3, 1), "deficit", 30)
    closing = record(diag, date(2026, 3, 1), "proficient", 80)
    deficit = Deficit.objects.get()
    assert (deficit.found_by, deficit.closed_by, deficit.status) == (
        found,
        closing,
        DeficitStatus.CLOSED,
    )
    assert deficit.closed_on == date(2026, 3, 1)
    assert CompetenceResult.objects.count() == 2  # history kept


def test_record_result_older_result_does_not_move_deficits(diag):
    record(diag, date(2026, 3, 1), "deficit", 30)
    record(diag, date(2024, 3, 1), "proficient", 90)
    assert Deficit.objects.get().status == DeficitStatus.OPEN


def test_record_result_deficit_still_below_keeps_one_open_deficit(diag):
    record(diag, date(2025, 3, 1), "deficit", 30)
    record(diag, date(2026, 3, 1), "partial", 60)
    assert Deficit.objects.filter(status=DeficitStatus.OPEN).count() == 1


def test_assign_campaign_covers_active_teachers_of_the_target_once(diag, region):
    campaign = factories.CampaignFactory(instrument=diag["instrument"], region=region)
    extra = factories.EmploymentFactory(organization=diag["org_a"]).person
    gone = factories.EmploymentFactory(organization=diag["org_a"], end_date=date(2020, 1, 1)).person
    assert services.assign_campaign(campaign, by=diag["methodist"]) == 3
    assert services.assign_campaign(campaign, by=diag["methodist"]) == 0
    people = set(campaign.attempts.values_list("person", flat=True))
    assert people == {diag["person_a"].pk, diag["person_b"].pk, extra.pk}
    assert gone.pk not in people
    assert campaign.attempts.get(person=extra).organization == diag["org_a"]
