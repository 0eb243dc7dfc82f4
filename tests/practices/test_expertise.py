"""The flow of a practice through `services`: experts, score sheets, the rule of inclusion in the
bank (at least 2 filled sheets, none waiting, mean total at least 10 of 15), rejection and
dissemination, and the moves the flow does not allow."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from profrost.core.models import AuditEntry
from profrost.practices import services
from profrost.practices.models import PracticeLevel, PracticeReview, PracticeStatus
from tests.practices.factories import (
    DisseminationFactory,
    PracticeFactory,
    ReviewFactory,
    completed_review,
    days_ago,
    today,
)

SHEET = {
    "relevance": 3,
    "novelty": 2,
    "effectiveness": 2,
    "replicability": 2,
    "elaboration": 1,
    "recommendation": "include",
    "comment": "",
}


def under_expertise(bank, *scores):
    """The bank's practice under expertise with a filled sheet per tuple of scores, the first
    two by the bank's experts who have logins."""
    practice = bank["practice"]
    practice.status = PracticeStatus.EXPERTISE
    practice.save()
    experts = [bank["expert_1"], bank["expert_2"]]
    for number, sheet in enumerate(scores):
        completed_review(practice, sheet, expert=experts[number] if number < 2 else None)
    return practice


def refusal_of(practice, user):
    with pytest.raises(ValidationError) as error:
        services.include_in_bank(practice, by=user)
    return error.value.messages


# Naming experts ---------------------------------------------------------------------------------


def test_assign_experts_starts_the_expertise(bank):
    practice = bank["practice"]

    services.assign_experts(
        practice, by=bank["methodist_a"], experts=[bank["expert_1"], bank["expert_2"]]
    )

    practice.refresh_from_db()
    assert practice.status == PracticeStatus.EXPERTISE
    assert sorted(practice.reviews.values_list("expert__last_name", flat=True)) == [
        "Оценщикова",
        "Экспертов",
    ]
    assert AuditEntry.objects.filter(action="practices.practice.experts_assigned").count() == 1


def test_assign_experts_refuses_the_author(bank):
    with pytest.raises(ValidationError) as error:
        services.assign_experts(
            bank["practice"], by=bank["methodist_a"], experts=[bank["person_a"]]
        )

    assert error.value.message_dict["experts"] == [
        f"Автор или соавтор не может быть экспертом своей практики: {bank['person_a'].full_name}."
    ]


def test_assign_experts_refuses_an_expert_named_twice(bank):
    services.assign_experts(bank["practice"], by=bank["methodist_a"], experts=[bank["expert_1"]])

    with pytest.raises(ValidationError) as error:
        services.assign_experts(
            bank["practice"], by=bank["methodist_a"], experts=[bank["expert_1"]]
        )

    assert error.value.message_dict["experts"] == [
        f"Уже назначены экспертами этой практики: {bank['expert_1'].full_name}."
    ]


def test_assign_experts_is_refused_to_an_organization_admin(bank):
    with pytest.raises(PermissionDenied):
        services.assign_experts(bank["practice"], by=bank["admin_a"], experts=[bank["expert_1"]])


def test_assign_experts_to_a_regional_practice_is_refused_to_the_municipality(bank):
    practice = bank["practice"]
    practice.level = PracticeLevel.REGIONAL
    practice.save()

    with pytest.raises(PermissionDenied):
        services.assign_experts(practice, by=bank["methodist_a"], experts=[bank["expert_1"]])
    services.assign_experts(practice, by=bank["regional"], experts=[bank["expert_1"]])

    assert practice.reviews.count() == 1


def test_assign_experts_to_a_rejected_practice_is_refused(bank):
    practice = bank["practice"]
    services.reject_practice(practice, by=bank["methodist_a"], reason="Не по теме банка.")

    with pytest.raises(ValidationError) as error:
        services.assign_experts(practice, by=bank["methodist_a"], experts=[bank["expert_1"]])

    assert error.value.messages == [
        "Экспертов назначают поданной практике или практике на экспертизе; сейчас она «Отклонена»."
    ]


def test_withdraw_last_pending_sheet_returns_the_practice_to_submitted(bank):
    practice = bank["practice"]
    (review,) = services.assign_experts(
        practice, by=bank["methodist_a"], experts=[bank["expert_1"]]
    )

    services.withdraw_review(review, by=bank["methodist_a"])

    practice.refresh_from_db()
    assert (practice.status, practice.reviews.count()) == (PracticeStatus.SUBMITTED, 0)


def test_withdraw_filled_sheet_is_refused(bank):
    practice = under_expertise(bank, (2, 2, 2, 2, 2))
    review = practice.reviews.get()

    with pytest.raises(ValidationError) as error:
        services.withdraw_review(review, by=bank["methodist_a"])

    assert error.value.messages == ["Эксперт уже заполнил лист оценки: отозвать его нельзя."]


# The score sheet --------------------------------------------------------------------------------


def test_complete_review_by_its_expert_sums_the_scores(bank):
    practice = bank["practice"]
    (review, _second) = services.assign_experts(
        practice, by=bank["methodist_a"], experts=[bank["expert_1"], bank["expert_2"]]
    )

    services.complete_review(review, by=bank["expert_1_user"], data=SHEET)

    review.refresh_from_db()
    assert (review.total, review.recommendation, review.completed_on) == (10, "include", today())
    assert AuditEntry.objects.filter(action="practices.practicereview.completed").count() == 1


@pytest.mark.parametrize("who", ["expert_2_user", "methodist_a", "regional", "author_user"])
def test_complete_review_by_anyone_but_its_expert_is_refused(bank, who):
    (review, _second) = services.assign_experts(
        bank["practice"], by=bank["methodist_a"], experts=[bank["expert_1"], bank["expert_2"]]
    )

    with pytest.raises(PermissionDenied):
        services.complete_review(review, by=bank[who], data=SHEET)

    review.refresh_from_db()
    assert review.completed_on is None


def test_complete_review_needs_every_criterion_and_a_reason_to_reject(bank):
    (review,) = services.assign_experts(
        bank["practice"], by=bank["methodist_a"], experts=[bank["expert_1"]]
    )
    sheet = {**SHEET, "novelty": None, "elaboration": 4, "recommendation": "reject"}

    with pytest.raises(ValidationError) as error:
        services.complete_review(review, by=bank["expert_1_user"], data=sheet)

    assert error.value.message_dict == {
        "novelty": ["Оцените критерий «Новизна»."],
        "elaboration": ["Балл по критерию «Методическая проработанность» — от 0 до 3."],
        "comment": ["Обоснуйте рекомендацию доработать или отклонить практику."],
    }


def test_complete_review_after_the_decision_is_refused(bank):
    practice = under_expertise(bank, (3, 3, 3, 3, 3), (2, 2, 2, 2, 2))
    services.include_in_bank(practice, by=bank["methodist_a"])
    review = practice.reviews.get(expert=bank["expert_1"])

    with pytest.raises(ValidationError) as error:
        services.complete_review(review, by=bank["expert_1_user"], data=SHEET)

    assert error.value.messages == ["Экспертиза практики завершена: лист оценки изменить нельзя."]


# The rule of inclusion --------------------------------------------------------------------------


def test_include_without_expertise_is_refused(bank):
    assert refusal_of(bank["practice"], bank["methodist_a"]) == [
        "В банк включается только практика, прошедшая экспертизу; сейчас она «Подана»."
    ]


def test_include_with_a_sheet_waiting_is_refused(bank):
    practice = under_expertise(bank, (3, 3, 3, 3, 3), (3, 3, 3, 3, 3))
    ReviewFactory(practice=practice)

    assert refusal_of(practice, bank["methodist_a"]) == [
        "Не все эксперты заполнили листы оценки: ожидается ещё 1 лист."
    ]


def test_include_with_one_filled_sheet_is_refused(bank):
    practice = under_expertise(bank, (3, 3, 3, 3, 3))

    assert refusal_of(practice, bank["methodist_a"]) == [
        "Для включения в банк нужно не менее 2 заполненных листов оценки; заполнено: 1."
    ]


def test_include_below_the_pass_mark_is_refused(bank):
    # (10 + 9) / 2 = 9.5 < 10
    practice = under_expertise(bank, (2, 2, 2, 2, 2), (2, 2, 2, 2, 1))

    assert refusal_of(practice, bank["methodist_a"]) == [
        "Средний балл экспертизы 9,5 из 15 ниже порога 10: практика не может быть включена в банк."
    ]
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.EXPERTISE


def test_include_at_the_pass_mark_puts_the_practice_in_the_bank(bank):
    # (11 + 9) / 2 = 10
    practice = under_expertise(bank, (3, 2, 2, 2, 2), (2, 2, 2, 2, 1))

    services.include_in_bank(practice, by=bank["methodist_a"], comment="Рекомендована.")

    practice.refresh_from_db()
    assert (practice.status, practice.included_on, practice.decision_comment) == (
        PracticeStatus.IN_BANK,
        today(),
        "Рекомендована.",
    )
    assert AuditEntry.objects.filter(action="practices.practice.included").count() == 1


def test_include_is_refused_to_an_organization_admin(bank):
    practice = under_expertise(bank, (3, 3, 3, 3, 3), (3, 3, 3, 3, 3))

    with pytest.raises(PermissionDenied):
        services.include_in_bank(practice, by=bank["admin_a"])


def test_include_dated_before_the_submission_is_refused(bank):
    practice = under_expertise(bank, (3, 3, 3, 3, 3), (3, 3, 3, 3, 3))

    with pytest.raises(ValidationError) as error:
        services.include_in_bank(practice, by=bank["methodist_a"], on=days_ago(90))

    assert error.value.message_dict["included_on"] == [
        f"Дата не может быть раньше подачи практики ({days_ago(60):%d.%m.%Y})."
    ]


# Rejection --------------------------------------------------------------------------------------


def test_reject_needs_a_reason(bank):
    with pytest.raises(ValidationError) as error:
        services.reject_practice(bank["practice"], by=bank["methodist_a"], reason="  ")

    assert error.value.message_dict == {"reason": ["Укажите причину отклонения."]}


def test_reject_cancels_the_sheets_not_filled(bank):
    practice = under_expertise(bank, (1, 1, 1, 1, 1))
    ReviewFactory(practice=practice)

    services.reject_practice(practice, by=bank["methodist_a"], reason="Низкие оценки.")

    practice.refresh_from_db()
    assert (practice.status, practice.rejected_on, practice.decision_comment) == (
        PracticeStatus.REJECTED,
        today(),
        "Низкие оценки.",
    )
    assert PracticeReview.objects.filter(practice=practice).count() == 1


def test_reject_a_practice_of_the_bank_is_refused(bank):
    practice = PracticeFactory(
        organization=bank["org_a"], status=PracticeStatus.IN_BANK, included_on=days_ago(10)
    )

    with pytest.raises(ValidationError) as error:
        services.reject_practice(practice, by=bank["methodist_a"], reason="Передумали.")

    assert error.value.messages == [
        "Отклонить можно поданную практику или практику на экспертизе; сейчас она «В банке "
        "практик»."
    ]


# Dissemination ----------------------------------------------------------------------------------


def dissemination_data(**changes):
    return {
        "held_on": days_ago(3),
        "kind": "master_class",
        "title": "Районный семинар учителей математики",
        "level": "municipal",
        "participants": 40,
        **changes,
    }


def test_dissemination_moves_the_practice_from_the_bank_to_disseminated(bank):
    practice = PracticeFactory(
        organization=bank["org_a"], status=PracticeStatus.IN_BANK, included_on=days_ago(10)
    )

    services.record_dissemination(practice, by=bank["methodist_a"], data=dissemination_data())

    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DISSEMINATED
    assert list(practice.disseminations.values_list("title", "participants")) == [
        ("Районный семинар учителей математики", 40)
    ]


def test_dissemination_before_the_bank_is_refused(bank):
    with pytest.raises(ValidationError) as error:
        services.record_dissemination(
            bank["practice"], by=bank["methodist_a"], data=dissemination_data()
        )

    assert error.value.messages == [
        "Распространять можно только практику из банка; сейчас она «Подана»."
    ]


def test_dissemination_dated_before_the_inclusion_is_refused(bank):
    practice = PracticeFactory(
        organization=bank["org_a"], status=PracticeStatus.IN_BANK, included_on=days_ago(10)
    )

    with pytest.raises(ValidationError) as error:
        services.record_dissemination(
            practice, by=bank["methodist_a"], data=dissemination_data(held_on=days_ago(20))
        )

    assert error.value.message_dict["held_on"] == [
        f"Практика включена в банк {days_ago(10):%d.%m.%Y}: распространение не может быть раньше."
    ]


def test_dissemination_in_the_future_is_refused(bank):
    practice = PracticeFactory(
        organization=bank["org_a"], status=PracticeStatus.IN_BANK, included_on=days_ago(10)
    )

    with pytest.raises(ValidationError) as error:
        services.record_dissemination(
            practice,
            by=bank["methodist_a"],
            data=dissemination_data(held_on=today() + timedelta(days=1)),
        )

    assert error.value.message_dict["held_on"] == ["Дата распространения не может быть в будущем."]


def test_deleting_the_last_dissemination_returns_the_practice_to_the_bank(bank):
    dissemination = DisseminationFactory(practice__organization=bank["org_a"])
    practice = dissemination.practice

    services.delete_dissemination(dissemination, by=bank["methodist_a"])

    practice.refresh_from_db()
    assert practice.status == PracticeStatus.IN_BANK


# Editing and deleting ---------------------------------------------------------------------------


def test_author_edits_a_submitted_practice(bank):
    services.update_practice(
        bank["practice"], by=bank["author_user"], data={"title": "Самопроверка на уроках"}
    )

    bank["practice"].refresh_from_db()
    assert bank["practice"].title == "Самопроверка на уроках"


def test_author_edit_after_the_expertise_started_is_refused(bank):
    practice = under_expertise(bank)

    with pytest.raises(ValidationError) as error:
        services.update_practice(practice, by=bank["author_user"], data={"title": "Новое"})

    assert error.value.messages == [
        "Практику можно изменять только до начала экспертизы; сейчас она «На экспертизе»."
    ]


def test_methodist_edits_a_practice_under_expertise(bank):
    practice = under_expertise(bank)

    services.update_practice(practice, by=bank["methodist_a"], data={"title": "Уточнено"})

    practice.refresh_from_db()
    assert practice.title == "Уточнено"


def test_teacher_of_another_organization_may_not_edit(bank):
    with pytest.raises(PermissionDenied):
        services.update_practice(bank["practice"], by=bank["teacher_b"], data={"title": "Чужое"})


def test_delete_a_practice_of_the_bank_is_refused(bank):
    practice = PracticeFactory(
        organization=bank["org_a"], status=PracticeStatus.IN_BANK, included_on=days_ago(10)
    )

    with pytest.raises(ValidationError) as error:
        services.delete_practice(practice, by=bank["methodist_a"])

    assert error.value.messages == [
        f"Практику «{practice.title}» нельзя удалить: она в банке практик. Удалить можно только "
        "поданную или отклонённую практику."
    ]


# Submission -------------------------------------------------------------------------------------


def test_submit_practice_for_an_author_of_another_organization_is_refused(bank):
    data = {
        "title": "Чужая практика",
        "organization": bank["org_a"],
        "main_author": bank["person_b"],
        "description": "Описание.",
    }

    with pytest.raises(ValidationError) as error:
        services.submit_practice(by=bank["methodist_a"], data=data)

    assert error.value.message_dict == {
        "main_author": ["Автор не работает и не работал в выбранной организации."]
    }


def test_submit_practice_fills_the_place_from_the_organization(bank):
    data = {
        "title": "Клуб молодых педагогов",
        "kind": "managerial",
        "level": "regional",
        "organization": bank["org_a"],
        "main_author": bank["person_a"],
        "coauthors": [bank["expert_1"]],
        "description": "Ежемесячные встречи молодых педагогов.",
    }

    practice = services.submit_practice(by=bank["author_user"], data=data)

    assert (practice.municipality, practice.region, practice.status, practice.submitted_on) == (
        bank["mun_a"],
        bank["mun_a"].region,
        PracticeStatus.SUBMITTED,
        today(),
    )
    assert list(practice.coauthors.all()) == [bank["expert_1"]]
