"""Enrolments through their services: applying, the status flow and who may move it,
capacity, completion, post-course support."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from profrost.core.models import AuditEntry
from profrost.programs import services
from profrost.programs.models import (
    DocumentKind,
    Enrollment,
    EnrollmentStatus,
    EnrollmentTransition,
    Program,
    ProgramKind,
)
from profrost.registry.models import ConsentState
from tests import factories
from tests.programs.factories import CohortFactory, EnrollmentFactory, ProgramFactory, today

S = EnrollmentStatus


# Applying --------------------------------------------------------------------------------------


def test_apply_by_a_teacher_for_themselves_writes_the_first_transition(catalogue):
    enrollment = services.apply(catalogue["cohort"], catalogue["person_a"], by=catalogue["teacher"])

    assert (enrollment.status, enrollment.organization) == (S.APPLIED, catalogue["org_a"])
    assert list(enrollment.transitions.values_list("from_status", "to_status")) == [("", S.APPLIED)]
    assert AuditEntry.objects.get(action="programs.enrollment.applied").object_id == str(
        enrollment.pk
    )


def test_apply_by_a_teacher_for_a_colleague_is_refused(catalogue):
    colleague = factories.EmploymentFactory(organization=catalogue["org_a"]).person

    with pytest.raises(PermissionDenied):
        services.apply(catalogue["cohort"], colleague, by=catalogue["teacher"])

    assert Enrollment.objects.count() == 0


def test_apply_by_an_organization_admin_for_staff_and_not_for_others(catalogue):
    services.apply(catalogue["cohort"], catalogue["person_a"], by=catalogue["admin"])

    with pytest.raises(PermissionDenied):
        services.apply(catalogue["cohort"], catalogue["person_b"], by=catalogue["admin"])

    assert list(Enrollment.objects.values_list("person", flat=True)) == [catalogue["person_a"].pk]


def test_apply_for_a_person_who_withdrew_consent_is_refused_but_they_may_apply(catalogue):
    person = catalogue["person_a"]
    person.consent_state = ConsentState.WITHDRAWN
    person.save(update_fields=["consent_state"])

    with pytest.raises(ValidationError) as error:
        services.apply(catalogue["cohort"], person, by=catalogue["admin"])
    assert Enrollment.objects.count() == 0
    services.apply(catalogue["cohort"], person, by=catalogue["teacher"])

    assert "отозвал(а) согласие" in error.value.messages[0]
    assert list(Enrollment.objects.values_list("person", flat=True)) == [person.pk]


def test_apply_twice_to_one_cohort_is_refused(catalogue):
    services.apply(catalogue["cohort"], catalogue["person_a"], by=catalogue["admin"])

    with pytest.raises(ValidationError) as error:
        services.apply(catalogue["cohort"], catalogue["person_a"], by=catalogue["teacher"])

    assert error.value.messages == [
        f"{catalogue['person_a']} уже записан(а) на этот поток: «Заявка подана»."
    ]


def test_apply_after_applications_closed_is_refused(catalogue):
    cohort = catalogue["cohort"]
    cohort.applications_close_on = today() - timedelta(days=1)
    cohort.save()

    with pytest.raises(ValidationError) as error:
        services.apply(cohort, catalogue["person_a"], by=catalogue["teacher"])

    closed = cohort.applications_close_on.strftime("%d.%m.%Y")
    assert error.value.messages == [f"Приём заявок на этот поток закрыт {closed}."]


def test_apply_after_the_cohort_ended_is_refused(catalogue):
    cohort = CohortFactory(
        program=catalogue["program"],
        starts_on=today() - timedelta(days=30),
        ends_on=today() - timedelta(days=1),
    )

    with pytest.raises(ValidationError) as error:
        services.apply(cohort, catalogue["person_a"], by=catalogue["teacher"])

    ended = cohort.ends_on.strftime("%d.%m.%Y")
    assert error.value.messages == [f"Поток закончился {ended}: подать заявку уже нельзя."]


def test_apply_to_an_inactive_program_is_refused(catalogue):
    Program.objects.filter(pk=catalogue["program"].pk).update(is_active=False)

    with pytest.raises(ValidationError) as error:
        services.apply(catalogue["cohort"], catalogue["person_a"], by=catalogue["teacher"])

    assert error.value.messages == ["Программа больше не действует: заявки на неё не принимаются."]


# The status flow -------------------------------------------------------------------------------

ILLEGAL = [
    (source, target)
    for source in S.values
    for target in (S.APPROVED, S.REJECTED, S.COMPLETED, S.WITHDRAWN)
    if target not in services.TRANSITIONS.get(source, {})
]
MOVE = {
    S.APPROVED: lambda e, by: services.approve(e, by=by),
    S.REJECTED: lambda e, by: services.reject(e, by=by, reason="Нет мест"),
    S.COMPLETED: lambda e, by: services.complete(
        e, by=by, document_number="У-1", completed_on=today()
    ),
    S.WITHDRAWN: lambda e, by: services.withdraw(e, by=by, reason="Болезнь"),
}
ACTION = {
    S.APPROVED: "одобрить заявку",
    S.REJECTED: "отклонить заявку",
    S.COMPLETED: "отметить завершение обучения",
    S.WITHDRAWN: "отметить выбытие",
}


def test_transitions_table_is_the_documented_flow():
    assert {source: set(moves) for source, moves in services.TRANSITIONS.items()} == {
        S.APPLIED: {S.APPROVED, S.REJECTED, S.WITHDRAWN},
        S.APPROVED: {S.COMPLETED, S.WITHDRAWN},
    }
    assert len(ILLEGAL) == 15


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_illegal_move_is_refused_and_writes_nothing(catalogue, source, target):
    superuser = factories.UserFactory(is_superuser=True)
    enrollment = EnrollmentFactory(
        cohort=CohortFactory(program=catalogue["program"], starts_on=today() - timedelta(days=9)),
        person=catalogue["person_a"],
        status=source,
    )

    with pytest.raises(ValidationError) as error:
        MOVE[target](enrollment, superuser)

    label = S(source).label
    assert error.value.messages == [f"Нельзя {ACTION[target]}: запись в статусе «{label}»."]
    enrollment.refresh_from_db()
    assert enrollment.status == source
    assert EnrollmentTransition.objects.count() == 0
    assert AuditEntry.objects.filter(action__startswith="programs.enrollment").count() == 0


def applied(catalogue, person=None):
    return services.apply(
        catalogue["cohort"], person or catalogue["person_a"], by=catalogue["admin"]
    )


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("admin", True), ("methodist", True), ("provider", True), ("teacher", False)],
)
def test_approve_is_for_who_approves_over_the_person(catalogue, who, allowed):
    enrollment = applied(catalogue)

    if allowed:
        services.approve(enrollment, by=catalogue[who])
    else:
        with pytest.raises(PermissionDenied):
            services.approve(enrollment, by=catalogue[who])

    enrollment.refresh_from_db()
    assert enrollment.status == (S.APPROVED if allowed else S.APPLIED)


def test_approve_by_an_outsider_is_refused(catalogue):
    enrollment = applied(catalogue)

    with pytest.raises(PermissionDenied):
        services.approve(enrollment, by=catalogue["admin_b"])

    assert enrollment.transitions.count() == 1


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("provider", True), ("admin", False), ("methodist", False), ("teacher", False)],
)
def test_complete_is_for_the_provider_side(catalogue, who, allowed):
    enrollment = services.approve(applied(catalogue), by=catalogue["admin"])
    complete = lambda: services.complete(  # noqa: E731
        enrollment, by=catalogue[who], document_number="У-77", completed_on=today()
    )

    if allowed:
        complete()
    else:
        with pytest.raises(PermissionDenied):
            complete()

    enrollment.refresh_from_db()
    assert enrollment.status == (S.COMPLETED if allowed else S.APPROVED)


def test_recall_of_an_application_by_the_teacher_needs_no_reason(catalogue):
    enrollment = applied(catalogue)

    services.withdraw(enrollment, by=catalogue["teacher"])

    enrollment.refresh_from_db()
    assert enrollment.status == S.WITHDRAWN


def test_withdrawal_after_approval_is_for_the_provider_with_a_reason(catalogue):
    enrollment = services.approve(applied(catalogue), by=catalogue["admin"])

    with pytest.raises(PermissionDenied):
        services.withdraw(enrollment, by=catalogue["teacher"], reason="Передумал")
    with pytest.raises(ValidationError) as error:
        services.withdraw(enrollment, by=catalogue["provider"], reason=" ")
    services.withdraw(enrollment, by=catalogue["provider"], reason="Болезнь")

    assert error.value.message_dict == {"reason": ["Укажите причину выбытия."]}
    assert list(enrollment.transitions.values_list("to_status", "note")) == [
        (S.APPLIED, ""),
        (S.APPROVED, ""),
        (S.WITHDRAWN, "Болезнь"),
    ]


def test_reject_needs_a_reason(catalogue):
    enrollment = applied(catalogue)

    with pytest.raises(ValidationError) as error:
        services.reject(enrollment, by=catalogue["admin"], reason="")

    assert error.value.message_dict == {"reason": ["Укажите причину отклонения заявки."]}
    assert enrollment.transitions.count() == 1


def test_every_move_writes_a_transition_and_an_audit_entry(catalogue):
    enrollment = applied(catalogue)
    services.approve(enrollment, by=catalogue["methodist"], note="Рекомендована")
    services.complete(
        enrollment, by=catalogue["provider"], document_number="У-5", completed_on=today()
    )

    steps = list(enrollment.transitions.values_list("from_status", "to_status", "by", "note"))
    assert steps == [
        ("", S.APPLIED, catalogue["admin"].pk, ""),
        (S.APPLIED, S.APPROVED, catalogue["methodist"].pk, "Рекомендована"),
        (S.APPROVED, S.COMPLETED, catalogue["provider"].pk, "У-5"),
    ]
    actions = AuditEntry.objects.filter(object_id=str(enrollment.pk)).order_by("pk")
    assert list(actions.values_list("action", flat=True)) == [
        "programs.enrollment.applied",
        "programs.enrollment.approved",
        "programs.enrollment.completed",
    ]


# Capacity --------------------------------------------------------------------------------------


def test_capacity_the_last_place_is_taken_and_the_next_approval_refused(catalogue):
    third = factories.EmploymentFactory(organization=catalogue["org_a"]).person
    second = factories.EmploymentFactory(organization=catalogue["org_a"]).person
    first, second, third = (applied(catalogue, p) for p in (catalogue["person_a"], second, third))
    services.approve(first, by=catalogue["admin"])
    services.approve(second, by=catalogue["admin"])  # the last of 2 places

    with pytest.raises(ValidationError) as error:
        services.approve(third, by=catalogue["admin"])

    assert error.value.messages == [
        "Нельзя одобрить заявку: в потоке нет свободных мест (занято 2 из 2)."
    ]
    third.refresh_from_db()
    assert third.status == S.APPLIED
    assert third.transitions.count() == 1


def test_capacity_a_completed_place_stays_taken_and_a_withdrawn_one_frees(catalogue):
    people = [catalogue["person_a"]] + [
        factories.EmploymentFactory(organization=catalogue["org_a"]).person for _ in range(2)
    ]
    first, second, third = (applied(catalogue, person) for person in people)
    services.approve(first, by=catalogue["admin"])
    services.complete(first, by=catalogue["provider"], document_number="У-1", completed_on=today())
    services.approve(second, by=catalogue["admin"])
    with pytest.raises(ValidationError):
        services.approve(third, by=catalogue["admin"])

    services.withdraw(second, by=catalogue["provider"], reason="Перевёлся")
    services.approve(third, by=catalogue["admin"])

    statuses = Enrollment.objects.order_by("pk").values_list("status", flat=True)
    assert list(statuses) == [S.COMPLETED, S.WITHDRAWN, S.APPROVED]


def test_apply_to_a_full_cohort_is_refused(catalogue):
    for person in (catalogue["person_b"], factories.PersonFactory()):
        EnrollmentFactory(cohort=catalogue["cohort"], person=person, status=S.APPROVED)

    with pytest.raises(ValidationError) as error:
        applied(catalogue)

    assert error.value.messages == [
        "Нельзя подать заявку: в потоке нет свободных мест (занято 2 из 2)."
    ]


# Completion ------------------------------------------------------------------------------------


def test_complete_a_pk_program_without_a_document_number_is_refused(catalogue):
    enrollment = services.approve(applied(catalogue), by=catalogue["admin"])

    with pytest.raises(ValidationError) as error:
        services.complete(enrollment, by=catalogue["provider"], completed_on=today())

    assert error.value.message_dict == {
        "document_number": [
            "Для программы вида «Повышение квалификации (ПК)» укажите номер документа "
            "(удостоверение)."
        ]
    }
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.transitions.count()) == (S.APPROVED, 2)


def test_complete_in_the_future_is_refused(catalogue):
    enrollment = services.approve(applied(catalogue), by=catalogue["admin"])

    with pytest.raises(ValidationError) as error:
        services.complete(
            enrollment,
            by=catalogue["provider"],
            document_number="1",
            completed_on=today() + timedelta(days=1),
        )

    assert error.value.message_dict == {
        "completed_on": ["Дата окончания обучения не может быть в будущем."]
    }


def test_complete_before_the_cohort_started_is_refused(catalogue):
    cohort = CohortFactory(
        program=catalogue["program"], starts_on=today() - timedelta(days=10), ends_on=today()
    )
    enrollment = EnrollmentFactory(cohort=cohort, person=catalogue["person_a"], status=S.APPROVED)

    with pytest.raises(ValidationError) as error:
        services.complete(
            enrollment,
            by=catalogue["provider"],
            document_number="1",
            completed_on=today() - timedelta(days=11),
        )

    started = cohort.starts_on.strftime("%d.%m.%Y")
    assert error.value.message_dict == {
        "completed_on": [f"Дата окончания обучения раньше начала потока ({started})."]
    }


def test_complete_a_pp_program_gives_a_diploma_by_default(catalogue):
    program = ProgramFactory(kind=ProgramKind.PP, hours=260, region=catalogue["region"])
    cohort = CohortFactory(program=program, starts_on=today() - timedelta(days=100))
    enrollment = EnrollmentFactory(cohort=cohort, person=catalogue["person_a"], status=S.APPROVED)

    services.complete(
        enrollment, by=catalogue["provider"], document_number=" Д-12 ", completed_on=today()
    )

    enrollment.refresh_from_db()
    assert (enrollment.document_kind, enrollment.document_number, enrollment.completed_on) == (
        DocumentKind.DIPLOMA,
        "Д-12",
        today(),
    )


def test_complete_a_seminar_series_needs_no_document(catalogue):
    program = ProgramFactory(kind=ProgramKind.SEMINAR_SERIES, hours=8, region=catalogue["region"])
    cohort = CohortFactory(program=program, starts_on=today() - timedelta(days=10))
    enrollment = EnrollmentFactory(cohort=cohort, person=catalogue["person_a"], status=S.APPROVED)

    services.complete(enrollment, by=catalogue["provider"], completed_on=today())

    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.document_kind) == (S.COMPLETED, DocumentKind.OTHER)


# Post-course support ---------------------------------------------------------------------------


def completed_enrollment(catalogue):
    cohort = CohortFactory(
        program=catalogue["program"],
        starts_on=today() - timedelta(days=40),
        ends_on=today() - timedelta(days=10),
    )
    return EnrollmentFactory(
        cohort=cohort,
        person=catalogue["person_a"],
        organization=catalogue["org_a"],
        status=S.COMPLETED,
        completed_on=today() - timedelta(days=10),
    )


def test_support_is_recorded_after_completion_by_the_persons_managers(catalogue):
    enrollment = completed_enrollment(catalogue)

    support = services.add_support(
        enrollment,
        by=catalogue["methodist"],
        data={"date": today(), "form": "Посещение и анализ урока", "result": "Применяет"},
    )

    assert list(enrollment.support.all()) == [support]
    with pytest.raises(PermissionDenied):
        services.add_support(
            enrollment, by=catalogue["teacher"], data={"date": today(), "form": "Консультация"}
        )
    with pytest.raises(PermissionDenied):
        services.add_support(
            enrollment, by=catalogue["admin_b"], data={"date": today(), "form": "Консультация"}
        )


def test_support_before_completion_or_before_its_date_is_refused(catalogue):
    enrollment = completed_enrollment(catalogue)
    pending = applied(catalogue)

    with pytest.raises(ValidationError) as early:
        services.add_support(
            enrollment,
            by=catalogue["admin"],
            data={"date": today() - timedelta(days=11), "form": "Консультация"},
        )
    with pytest.raises(ValidationError) as not_done:
        services.add_support(
            pending, by=catalogue["admin"], data={"date": today(), "form": "Консультация"}
        )

    finished = enrollment.completed_on.strftime("%d.%m.%Y")
    assert early.value.message_dict == {
        "date": [f"Дата сопровождения раньше окончания обучения ({finished})."]
    }
    assert not_done.value.messages == [
        "Посткурсовое сопровождение записывается только после завершения обучения."
    ]
