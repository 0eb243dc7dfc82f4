from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from profrost.core.dates import add_years
from profrost.core.models import AuditEntry
from profrost.mentoring import selectors, services
from profrost.mentoring.models import (
    MentoringMeeting,
    MentoringPair,
    MentoringProgram,
    PairKind,
    PairStatus,
    ProgramLevel,
)
from profrost.registry.models import ConsentState
from tests import factories
from tests.mentoring.factories import (
    MeetingFactory,
    PairFactory,
    ProgramFactory,
    deficit,
    teacher,
    today,
    young_teacher,
)


def pair_data(school, **overrides):
    data = {
        "mentor": school["mentor"],
        "mentee": school["mentee"],
        "kind": PairKind.MENTOR_YOUNG,
        "starts_on": today() - timedelta(days=10),
        "planned_end_on": today() + timedelta(days=300),
        "goals": "Освоить формирующее оценивание",
    }
    return {**data, **overrides}


def messages_of(error):
    return {field: list(messages) for field, messages in error.value.message_dict.items()}


# Creating a pair --------------------------------------------------------------------------------


def test_create_pair_takes_the_mentees_organization_and_is_audited(school):
    pair = services.create_pair(by=school["admin"], data=pair_data(school))

    assert (pair.organization, pair.status, pair.created_by) == (
        school["org"],
        PairStatus.ACTIVE,
        school["admin"],
    )
    entry = AuditEntry.objects.get(action="mentoring.pair.created")
    assert (entry.actor, entry.object_id) == (school["admin"], str(pair.pk))


def test_create_pair_mentor_is_the_mentee_refused(school):
    data = pair_data(school, mentor=school["mentee"])

    with pytest.raises(ValidationError) as error:
        services.create_pair(by=school["admin"], data=data)

    assert messages_of(error)["mentor"] == [
        "Наставник и наставляемый не могут быть одним человеком."
    ]
    assert MentoringPair.objects.count() == 0


def test_create_pair_second_active_mentor_refused(school):
    first = services.create_pair(by=school["admin"], data=pair_data(school))
    other = teacher(school["org"], last_name="Вторая")

    with pytest.raises(ValidationError) as error:
        services.create_pair(by=school["admin"], data=pair_data(school, mentor=other))

    assert messages_of(error)["mentee"] == [
        f"У наставляемого уже есть действующий наставник: {school['mentor']} "
        f"(с {first.starts_on:%d.%m.%Y}). Второго наставника можно назначить только в "
        "программе, где допускается несколько наставников."
    ]
    assert MentoringPair.objects.count() == 1


def test_create_pair_second_mentor_allowed_when_the_programmes_allow_several(school):
    program = ProgramFactory(organization=school["org"], allow_several_mentors=True)
    services.create_pair(by=school["admin"], data=pair_data(school, program=program))
    other = teacher(school["org"], last_name="Вторая")

    second = services.create_pair(
        by=school["admin"], data=pair_data(school, mentor=other, program=program)
    )

    assert MentoringPair.objects.active().filter(mentee=school["mentee"]).count() == 2
    assert second.mentor == other


def test_create_pair_second_mentor_refused_when_the_first_pair_allows_one(school):
    services.create_pair(by=school["admin"], data=pair_data(school))
    several = ProgramFactory(organization=school["org"], allow_several_mentors=True)
    other = teacher(school["org"], last_name="Вторая")

    with pytest.raises(ValidationError) as error:
        services.create_pair(
            by=school["admin"], data=pair_data(school, mentor=other, program=several)
        )

    assert "mentee" in messages_of(error)


def test_create_pair_same_mentor_twice_refused_even_when_several_allowed(school):
    program = ProgramFactory(organization=school["org"], allow_several_mentors=True)
    services.create_pair(by=school["admin"], data=pair_data(school, program=program))

    with pytest.raises(ValidationError) as error:
        services.create_pair(by=school["admin"], data=pair_data(school, program=program))

    assert messages_of(error)["mentor"] == ["Эта пара наставника и наставляемого уже действует."]


def test_create_pair_mentor_without_a_current_job_refused(school):
    job = school["mentor"].employments.get()
    job.end_date = today() - timedelta(days=1)
    job.save()

    with pytest.raises(ValidationError) as error:
        services.create_pair(by=school["admin"], data=pair_data(school))

    assert messages_of(error)["mentor"] == ["У наставника нет действующего места работы."]


@pytest.mark.parametrize("field", ["mentor", "mentee"])
def test_create_pair_with_a_person_who_withdrew_consent_refused(school, field):
    school[field].consent_state = ConsentState.WITHDRAWN
    school[field].save(update_fields=["consent_state"])

    with pytest.raises(ValidationError) as error:
        services.create_pair(by=school["admin"], data=pair_data(school))

    assert "отозвал согласие" in messages_of(error)[field][0]
    assert not MentoringPair.objects.exists()


def test_create_pair_mentee_not_working_in_the_chosen_organization_refused(school):
    other_org = factories.OrganizationFactory(municipality=school["org"].municipality)
    data = pair_data(school, organization=other_org)

    with pytest.raises(ValidationError) as error:
        services.create_pair(by=school["admin"], data=data)

    assert messages_of(error)["organization"] == [
        f"Наставляемый не работает в организации «{other_org}»."
    ]


def test_create_pair_dates_out_of_order_refused(school):
    data = pair_data(school, planned_end_on=today() - timedelta(days=20))

    with pytest.raises(ValidationError) as error:
        services.create_pair(by=school["admin"], data=data)

    assert messages_of(error)["planned_end_on"] == [
        "Плановое окончание не может быть раньше начала."
    ]


def test_create_pair_takes_the_mentees_own_deficits(school):
    own = deficit(school["mentee"], school["org"], name="Формирующее оценивание")

    pair = services.create_pair(by=school["admin"], data=pair_data(school, deficits=[own]))

    assert list(pair.deficits.all()) == [own]


def test_create_pair_someone_elses_deficit_refused(school):
    foreign = deficit(school["mentor"], school["org"])

    with pytest.raises(ValidationError) as error:
        services.create_pair(by=school["admin"], data=pair_data(school, deficits=[foreign]))

    assert messages_of(error)["deficits"] == ["Можно выбрать только дефициты наставляемого."]


def test_create_pair_young_form_for_an_experienced_mentee_refused(school):
    experienced = teacher(school["org"], last_name="Опытнова")

    with pytest.raises(ValidationError) as error:
        services.create_pair(by=school["admin"], data=pair_data(school, mentee=experienced))

    assert list(messages_of(error)) == ["kind"]
    pair = services.create_pair(
        by=school["admin"],
        data=pair_data(school, mentee=experienced, kind=PairKind.TEACHER_TEACHER),
    )
    assert pair.kind == PairKind.TEACHER_TEACHER


def test_create_pair_manager_form_needs_a_manager_as_mentor(school):
    data = pair_data(school, kind=PairKind.MANAGER_TEACHER)

    with pytest.raises(ValidationError) as error:
        services.create_pair(by=school["admin"], data=data)

    assert messages_of(error)["mentor"] == [
        "В форме «руководитель – педагог» наставник должен занимать руководящую должность."
    ]
    deputy = factories.EmploymentFactory(
        organization=school["org"],
        position=factories.position("Заместитель директора по учебной работе"),
    ).person
    pair = services.create_pair(by=school["admin"], data={**data, "mentor": deputy})
    assert pair.mentor == deputy


def test_create_pair_programme_of_another_organization_refused(school):
    program = ProgramFactory(organization=factories.OrganizationFactory(short_name="Другая"))

    with pytest.raises(ValidationError) as error:
        services.create_pair(by=school["admin"], data=pair_data(school, program=program))

    assert messages_of(error)["program"] == [
        f"Программа «{program}» не охватывает организацию «{school['org']}»."
    ]


def test_create_pair_municipal_programme_covers_the_municipalitys_schools(school, methodist_a):
    program = ProgramFactory(
        level=ProgramLevel.MUNICIPALITY,
        organization=None,
        municipality=school["org"].municipality,
        region=school["org"].municipality.region,
    )

    pair = services.create_pair(by=school["admin"], data=pair_data(school, program=program))

    assert pair.program == program


def test_create_pair_start_outside_the_programme_refused(school):
    program = ProgramFactory(organization=school["org"])
    data = pair_data(school, program=program, starts_on=program.starts_on - timedelta(days=1))

    with pytest.raises(ValidationError) as error:
        services.create_pair(by=school["admin"], data=data)

    assert messages_of(error)["starts_on"] == [
        "Начало наставничества должно приходиться на срок программы "
        f"({program.starts_on:%d.%m.%Y} – {program.ends_on:%d.%m.%Y})."
    ]


def test_create_pair_outside_the_users_scope_forbidden(school):
    mentee_b = young_teacher(school["org_b"])
    mentor_b = teacher(school["org_b"])

    with pytest.raises(PermissionDenied):
        services.create_pair(
            by=school["admin"],
            data=pair_data(school, mentee=mentee_b, mentor=mentor_b, organization=school["org_b"]),
        )

    assert MentoringPair.objects.count() == 0


def test_update_pair_to_a_second_active_mentor_refused(school):
    services.create_pair(by=school["admin"], data=pair_data(school))
    other_mentee = young_teacher(school["org"], last_name="Вторая")
    other_mentor = teacher(school["org"], last_name="Вторая")
    other = services.create_pair(
        by=school["admin"], data=pair_data(school, mentee=other_mentee, mentor=other_mentor)
    )

    with pytest.raises(ValidationError) as error:
        services.update_pair(other, by=school["admin"], data={"mentee": school["mentee"]})

    assert "mentee" in messages_of(error)


# Completing and terminating -------------------------------------------------------------------


def test_complete_pair_needs_a_result(school):
    pair = PairFactory(organization=school["org"], mentor=school["mentor"], mentee=school["mentee"])

    with pytest.raises(ValidationError) as error:
        services.complete_pair(pair, by=school["mentor_user"], ended_on=today(), result="  ")

    assert messages_of(error)["result"] == ["Опишите результаты наставничества."]
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE


def test_complete_pair_keeps_the_result_and_frees_the_mentee(school):
    pair = PairFactory(organization=school["org"], mentor=school["mentor"], mentee=school["mentee"])

    services.complete_pair(
        pair, by=school["mentor_user"], ended_on=today(), result="Провела открытый урок."
    )

    pair.refresh_from_db()
    assert (pair.status, pair.ended_on, pair.result) == (
        PairStatus.COMPLETED,
        today(),
        "Провела открытый урок.",
    )
    assert AuditEntry.objects.filter(action="mentoring.pair.completed").count() == 1
    other = teacher(school["org"], last_name="Вторая")
    assert services.create_pair(by=school["admin"], data=pair_data(school, mentor=other)).pk


def test_complete_pair_before_the_last_meeting_refused(school):
    pair = PairFactory(organization=school["org"], mentor=school["mentor"], mentee=school["mentee"])
    meeting = MeetingFactory(pair=pair, held_on=today() - timedelta(days=2))

    with pytest.raises(ValidationError) as error:
        services.complete_pair(
            pair, by=school["admin"], ended_on=today() - timedelta(days=5), result="Итоги"
        )

    assert messages_of(error)["ended_on"] == [
        f"После этой даты записаны встречи (последняя — {meeting.held_on:%d.%m.%Y})."
    ]


def test_complete_pair_twice_refused(school):
    pair = PairFactory(organization=school["org"], mentor=school["mentor"], mentee=school["mentee"])
    services.complete_pair(pair, by=school["admin"], ended_on=today(), result="Итоги")

    with pytest.raises(ValidationError) as error:
        services.complete_pair(pair, by=school["admin"], ended_on=today(), result="Итоги")

    assert error.value.messages == ["Наставничество уже завершено или прекращено."]


def test_terminate_pair_needs_a_reason(school):
    pair = PairFactory(organization=school["org"], mentor=school["mentor"], mentee=school["mentee"])

    with pytest.raises(ValidationError) as error:
        services.terminate_pair(pair, by=school["admin"], ended_on=today(), reason="")

    assert messages_of(error)["result"] == ["Укажите причину прекращения."]
    services.terminate_pair(pair, by=school["admin"], ended_on=today(), reason="Увольнение.")
    pair.refresh_from_db()
    assert (pair.status, pair.result) == (PairStatus.TERMINATED, "Увольнение.")


# Meetings ---------------------------------------------------------------------------------------


def meeting_data(**overrides):
    data = {"held_on": today() - timedelta(days=1), "kind": "consultation", "topic": "План"}
    return {**data, **overrides}


def test_add_meeting_to_an_active_pair_is_audited(school):
    pair = PairFactory(organization=school["org"], mentor=school["mentor"], mentee=school["mentee"])

    meeting = services.add_meeting(pair, by=school["mentor_user"], data=meeting_data())

    assert (meeting.pair, meeting.topic, meeting.created_by) == (
        pair,
        "План",
        school["mentor_user"],
    )
    assert AuditEntry.objects.filter(action="mentoring.meeting.created").count() == 1


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-1, "Дата встречи не может быть в будущем."),
        (200, "Встреча не может быть раньше начала наставничества"),
    ],
)
def test_add_meeting_out_of_the_pairs_dates_refused(school, days, message):
    pair = PairFactory(organization=school["org"], mentor=school["mentor"], mentee=school["mentee"])

    with pytest.raises(ValidationError) as error:
        services.add_meeting(
            pair, by=school["admin"], data=meeting_data(held_on=today() - timedelta(days=days))
        )

    assert messages_of(error)["held_on"][0].startswith(message)
    assert MentoringMeeting.objects.count() == 0


def test_add_meeting_to_a_completed_pair_refused(school):
    pair = PairFactory(organization=school["org"], mentor=school["mentor"], mentee=school["mentee"])
    services.complete_pair(pair, by=school["admin"], ended_on=today(), result="Итоги")

    with pytest.raises(ValidationError) as error:
        services.add_meeting(pair, by=school["admin"], data=meeting_data())

    assert error.value.messages == [
        "Наставничество завершено: встречи больше не добавляются и не меняются."
    ]


# Programmes -------------------------------------------------------------------------------------


def program_data(**overrides):
    data = {
        "title": "Программа наставничества на 2025/2026 учебный год",
        "level": ProgramLevel.ORGANIZATION,
        "starts_on": today() - timedelta(days=30),
        "ends_on": today() + timedelta(days=300),
        "document_number": "15-о",
        "document_date": today() - timedelta(days=35),
    }
    return {**data, **overrides}


def test_create_program_stores_the_region_and_municipality_of_its_organization(school):
    program = services.create_program(
        by=school["admin"], data=program_data(organization=school["org"])
    )

    assert (program.municipality, program.region) == (
        school["org"].municipality,
        school["org"].municipality.region,
    )
    assert AuditEntry.objects.filter(action="mentoring.program.created").count() == 1


def test_create_program_dates_out_of_order_refused(school):
    data = program_data(organization=school["org"], ends_on=today() - timedelta(days=40))

    with pytest.raises(ValidationError) as error:
        services.create_program(by=school["admin"], data=data)

    assert messages_of(error)["ends_on"] == ["Дата окончания не может быть раньше начала."]


def test_create_municipal_program_by_an_organization_admin_forbidden(school):
    data = program_data(level=ProgramLevel.MUNICIPALITY, municipality=school["mun_a"])

    with pytest.raises(PermissionDenied):
        services.create_program(by=school["admin"], data=data)

    assert MentoringProgram.objects.count() == 0


def test_delete_program_with_pairs_refused(school):
    program = ProgramFactory(organization=school["org"])
    PairFactory(
        program=program,
        organization=school["org"],
        mentor=school["mentor"],
        mentee=school["mentee"],
    )

    with pytest.raises(ValidationError) as error:
        services.delete_program(program, by=school["admin"])

    assert error.value.messages == [
        f"Программу «{program}» нельзя удалить: в ней 1 пара. Сначала удалите пары или "
        "перенесите их в другую программу."
    ]


def test_update_program_forbidding_several_mentors_refused_while_a_mentee_has_two(school):
    program = ProgramFactory(organization=school["org"], allow_several_mentors=True)
    for mentor in (school["mentor"], teacher(school["org"])):
        PairFactory(
            program=program, organization=school["org"], mentor=mentor, mentee=school["mentee"]
        )

    with pytest.raises(ValidationError) as error:
        services.update_program(program, by=school["admin"], data={"allow_several_mentors": False})

    assert messages_of(error)["allow_several_mentors"] == [
        "У наставляемых этой программы уже есть по несколько действующих наставников."
    ]


# Young specialists without a mentor --------------------------------------------------------------


def test_young_without_mentor_lists_unmentored_young_teachers_in_scope(school):
    alone = young_teacher(school["org"], last_name="Одинокова")
    mentored = school["mentee"]
    PairFactory(organization=school["org"], mentor=school["mentor"], mentee=mentored)
    young_teacher(school["org_b"], last_name="Чужакова")
    factories.EmploymentFactory(
        organization=school["org"],
        position=factories.position("Директор"),
        person__birth_date=add_years(today(), -30),
    )

    people = selectors.young_without_mentor(school["admin"])

    assert [person.last_name for person in people] == ["Одинокова"]
    assert people[0].organization_name == school["org"].short_name
    assert alone.pk == people[0].pk


def test_young_without_mentor_includes_those_whose_pair_has_ended(school):
    pair = PairFactory(organization=school["org"], mentor=school["mentor"], mentee=school["mentee"])
    services.complete_pair(pair, by=school["admin"], ended_on=today(), result="Итоги")

    people = selectors.young_without_mentor(school["admin"])

    assert [person.pk for person in people] == [school["mentee"].pk]


def test_young_support_counts_are_computed_in_the_database(school):
    young_teacher(school["org"])
    young_teacher(school["org"])
    PairFactory(organization=school["org"], mentor=school["mentor"], mentee=school["mentee"])

    counts = selectors.young_support_counts(school["admin"])

    assert counts == {"total": 3, "mentored": 1, "without": 2, "percent": 33}
