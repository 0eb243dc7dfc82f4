from datetime import timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from profrost.core.models import AuditEntry
from profrost.mentoring.models import (
    MentoringMeeting,
    MentoringPair,
    MentoringProgram,
    PairStatus,
    ProgramLevel,
)
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


def day(offset=0):
    return f"{today() + timedelta(days=offset):%d.%m.%Y}"


@pytest.fixture
def pair(school):
    program = ProgramFactory(organization=school["org"], title="Программа школы А")
    return PairFactory(
        program=program,
        organization=school["org"],
        mentor=school["mentor"],
        mentee=school["mentee"],
    )


def xlsx_rows(response):
    sheet = load_workbook(BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# Who sees and changes a pair ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_key", "detail", "edit", "complete", "terminate", "meeting"),
    [
        ("admin", 200, 200, 200, 200, 200),  # the organization's administrator
        ("mentor_user", 200, 403, 200, 403, 200),  # the mentor keeps meetings and results
        ("mentee_user", 200, 403, 403, 403, 403),  # the mentee reads
        ("admin_b", 404, 404, 404, 404, 404),  # an outsider never finds it
    ],
)
def test_pair_pages_by_role(
    client, school, pair, user_key, detail, edit, complete, terminate, meeting
):
    client.force_login(school[user_key])
    base = f"/mentoring/pairs/{pair.pk}/"

    statuses = [
        client.get(base).status_code,
        client.get(f"{base}edit/").status_code,
        client.get(f"{base}complete/").status_code,
        client.get(f"{base}terminate/").status_code,
        client.get(f"{base}meetings/new/").status_code,
    ]

    assert statuses == [detail, edit, complete, terminate, meeting]


def test_pair_of_a_colleague_is_hidden_from_another_teacher(client, school, pair):
    colleague = teacher(school["org"], last_name="Коллегова")
    client.force_login(factories.teacher_user(colleague))

    assert client.get(f"/mentoring/pairs/{pair.pk}/").status_code == 404
    assert "Молодцова" not in client.get("/mentoring/pairs/").content.decode()


def test_pair_detail_shows_the_mentees_deficits_and_meetings(client, school, pair):
    linked = deficit(school["mentee"], school["org"], name="Проектирование урока")
    deficit(school["mentee"], school["org"], name="Работа с родителями")
    pair.deficits.add(linked)
    MeetingFactory(pair=pair, topic="Разбор контрольной")
    client.force_login(school["admin"])

    content = client.get(f"/mentoring/pairs/{pair.pk}/").content.decode()

    assert "Проектирование урока" in content
    assert "Работа с родителями" in content
    assert "в целях пары" in content
    assert "Разбор контрольной" in content
    assert "Записать встречу" in content


def test_pair_detail_for_the_mentor_shows_only_the_deficits_of_the_pair(client, school, pair):
    pair.deficits.add(deficit(school["mentee"], school["org"], name="Проектирование урока"))
    deficit(school["mentee"], school["org"], name="Работа с родителями")
    client.force_login(school["mentor_user"])

    content = client.get(f"/mentoring/pairs/{pair.pk}/").content.decode()

    assert "Проектирование урока" in content
    assert "Работа с родителями" not in content


# Creating and changing pairs ------------------------------------------------------------------


def pair_form(school, **overrides):
    data = {
        "mentee": school["mentee"].pk,
        "mentor": school["mentor"].pk,
        "kind": "mentor_young",
        "organization": "",
        "program": "",
        "starts_on": day(-5),
        "planned_end_on": day(300),
        "goals": "Адаптация",
    }
    return {**data, **overrides}


def test_pair_create_by_the_organization_admin(client, school):
    client.force_login(school["admin"])

    response = client.post("/mentoring/pairs/new/", pair_form(school))

    pair = MentoringPair.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/mentoring/pairs/{pair.pk}/"
    assert (pair.mentor, pair.mentee, pair.organization) == (
        school["mentor"],
        school["mentee"],
        school["org"],
    )
    assert AuditEntry.objects.filter(action="mentoring.pair.created").count() == 1


def test_pair_create_second_mentor_shows_the_russian_error(client, school, pair):
    other = teacher(school["org"], last_name="Вторая")
    client.force_login(school["admin"])

    response = client.post("/mentoring/pairs/new/", pair_form(school, mentor=other.pk))

    assert response.status_code == 200
    assert "У наставляемого уже есть действующий наставник" in response.content.decode()
    assert MentoringPair.objects.count() == 1


def test_pair_create_with_a_bad_date_shows_the_russian_error(client, school):
    client.force_login(school["admin"])

    response = client.post("/mentoring/pairs/new/", pair_form(school, starts_on="31.02.2025"))

    assert "Введите дату в формате дд.мм.гггг." in response.content.decode()
    assert MentoringPair.objects.count() == 0


def test_pair_create_person_of_another_organization_is_not_offered(client, school):
    client.force_login(school["admin"])

    response = client.post("/mentoring/pairs/new/", pair_form(school, mentee=school["person_b"].pk))

    assert "Выберите корректный вариант" in response.content.decode()
    assert MentoringPair.objects.count() == 0


def test_pair_create_is_prefilled_from_the_young_list_link(client, school):
    client.force_login(school["admin"])

    response = client.get(
        f"/mentoring/pairs/new/?mentee={school['mentee'].pk}&organization={school['org'].pk}"
    )

    form = response.context["form"]
    assert (form.initial["mentee"], form.initial["organization"]) == (
        school["mentee"].pk,
        school["org"].pk,
    )
    assert f'<option value="{school["mentee"].pk}" selected>' in response.content.decode()


def test_pair_create_by_a_teacher_forbidden(client, school):
    client.force_login(school["mentor_user"])

    assert client.post("/mentoring/pairs/new/", pair_form(school)).status_code == 403


def test_deficit_options_are_the_mentees_own(client, school):
    own = deficit(school["mentee"], school["org"], name="Проектирование урока")
    deficit(school["mentor"], school["org"], name="Работа с родителями")
    client.force_login(school["admin"])

    content = client.get(
        f"/mentoring/pairs/deficit-options/?mentee={school['mentee'].pk}"
    ).content.decode()

    assert f'value="{own.pk}"' in content
    assert "Работа с родителями" not in content


def test_deficit_options_of_another_organizations_person_are_empty(client, school):
    deficit(school["person_b"], school["org_b"], name="Работа с родителями")
    client.force_login(school["admin"])

    response = client.get(f"/mentoring/pairs/deficit-options/?mentee={school['person_b'].pk}")

    assert response.content.decode().strip() == ""


def test_pair_update_changes_goals(client, school, pair):
    client.force_login(school["admin"])
    data = pair_form(school, program=pair.program_id, goals="Новые цели")

    response = client.post(f"/mentoring/pairs/{pair.pk}/edit/", data)

    pair.refresh_from_db()
    assert response.status_code == 302
    assert pair.goals == "Новые цели"


def test_pair_complete_by_the_mentor(client, school, pair):
    client.force_login(school["mentor_user"])

    response = client.post(
        f"/mentoring/pairs/{pair.pk}/complete/", {"ended_on": day(), "text": "Провела урок"}
    )

    pair.refresh_from_db()
    assert response.status_code == 302
    assert (pair.status, pair.result) == (PairStatus.COMPLETED, "Провела урок")


def test_pair_complete_without_result_shows_the_error(client, school, pair):
    client.force_login(school["mentor_user"])

    response = client.post(f"/mentoring/pairs/{pair.pk}/complete/", {"ended_on": day()})

    assert "Обязательное поле." in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE


def test_pair_update_of_a_completed_pair_corrects_its_result(client, school, pair):
    pair.status, pair.ended_on, pair.result = PairStatus.COMPLETED, today(), "Итоги"
    pair.save()
    client.force_login(school["admin"])
    data = pair_form(school, program=pair.program_id, ended_on=day(), result="Уточнённые итоги")

    client.post(f"/mentoring/pairs/{pair.pk}/edit/", data)

    pair.refresh_from_db()
    assert (pair.status, pair.result) == (PairStatus.COMPLETED, "Уточнённые итоги")


def test_pair_terminate_by_the_admin_keeps_the_reason(client, school, pair):
    client.force_login(school["admin"])

    client.post(f"/mentoring/pairs/{pair.pk}/terminate/", {"ended_on": day(), "text": "Увольнение"})

    pair.refresh_from_db()
    assert (pair.status, pair.result) == (PairStatus.TERMINATED, "Увольнение")


def test_pair_delete_after_confirmation(client, school, pair):
    MeetingFactory(pair=pair)
    client.force_login(school["admin"])

    assert "Удалить" in client.get(f"/mentoring/pairs/{pair.pk}/delete/").content.decode()
    response = client.post(f"/mentoring/pairs/{pair.pk}/delete/")

    assert response["Location"] == "/mentoring/pairs/"
    assert (MentoringPair.objects.count(), MentoringMeeting.objects.count()) == (0, 0)
    assert AuditEntry.objects.filter(action="mentoring.pair.deleted").count() == 1


def test_pair_delete_by_the_mentor_forbidden(client, school, pair):
    client.force_login(school["mentor_user"])

    assert client.post(f"/mentoring/pairs/{pair.pk}/delete/").status_code == 403
    assert MentoringPair.objects.count() == 1


# Meetings -------------------------------------------------------------------------------------


def test_meeting_added_by_the_mentor_through_htmx_returns_the_block(client, school, pair):
    client.force_login(school["mentor_user"])
    data = {"held_on": day(-1), "kind": "lesson_visit", "topic": "Урок в 5 «А»", "notes": ""}

    response = client.post(
        f"/mentoring/pairs/{pair.pk}/meetings/new/",
        data,
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="meetings",
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="meetings"' in content
    assert "Урок в 5 «А»" in content
    assert "Встреча записана." in content
    assert MentoringMeeting.objects.get().created_by == school["mentor_user"]


def test_meeting_with_a_future_date_shows_the_error_in_the_block(client, school, pair):
    client.force_login(school["mentor_user"])
    data = {"held_on": day(3), "kind": "consultation", "topic": "План"}

    response = client.post(
        f"/mentoring/pairs/{pair.pk}/meetings/new/", data, HTTP_HX_REQUEST="true"
    )

    assert "Дата встречи не может быть в будущем." in response.content.decode()
    assert MentoringMeeting.objects.count() == 0


def test_meeting_without_htmx_redirects_to_the_pair(client, school, pair):
    client.force_login(school["admin"])
    data = {"held_on": day(-1), "kind": "consultation", "topic": "План"}

    response = client.post(f"/mentoring/pairs/{pair.pk}/meetings/new/", data)

    assert response["Location"] == f"/mentoring/pairs/{pair.pk}/"


def test_meeting_by_the_mentee_forbidden(client, school, pair):
    client.force_login(school["mentee_user"])
    data = {"held_on": day(-1), "kind": "consultation", "topic": "План"}

    assert client.post(f"/mentoring/pairs/{pair.pk}/meetings/new/", data).status_code == 403


def test_meeting_edit_and_delete_by_the_mentor(client, school, pair):
    meeting = MeetingFactory(pair=pair)
    client.force_login(school["mentor_user"])

    client.post(
        f"/mentoring/meetings/{meeting.pk}/edit/",
        {"held_on": day(-2), "kind": "analysis", "topic": "Самоанализ урока"},
    )
    meeting.refresh_from_db()
    assert (meeting.topic, meeting.kind) == ("Самоанализ урока", "analysis")
    response = client.post(f"/mentoring/meetings/{meeting.pk}/delete/")
    assert response["Location"] == f"/mentoring/pairs/{pair.pk}/"
    assert MentoringMeeting.objects.count() == 0


def test_meeting_edit_by_the_mentee_forbidden(client, school, pair):
    meeting = MeetingFactory(pair=pair)
    client.force_login(school["mentee_user"])

    assert client.get(f"/mentoring/meetings/{meeting.pk}/edit/").status_code == 403


# Programmes -----------------------------------------------------------------------------------


def program_form(**overrides):
    data = {
        "title": "Программа наставничества 2025/2026",
        "level": "organization",
        "starts_on": day(-30),
        "ends_on": day(300),
        "document_number": "12-о",
        "document_date": day(-40),
    }
    return {**data, **overrides}


def test_program_create_by_the_organization_admin(client, school):
    client.force_login(school["admin"])

    response = client.post("/mentoring/programs/new/", program_form(organization=school["org"].pk))

    program = MentoringProgram.objects.get()
    assert response["Location"] == f"/mentoring/programs/{program.pk}/"
    assert (program.organization, program.municipality) == (school["org"], school["mun_a"])


def test_program_create_municipal_level_not_offered_to_the_organization_admin(client, school):
    client.force_login(school["admin"])

    response = client.post(
        "/mentoring/programs/new/",
        program_form(level="municipality", municipality=school["mun_a"].pk),
    )

    assert "Выберите корректный вариант" in response.content.decode()
    assert MentoringProgram.objects.count() == 0


def test_program_create_municipal_by_the_municipal_methodist(client, school, methodist_a):
    client.force_login(methodist_a)

    client.post(
        "/mentoring/programs/new/",
        program_form(level="municipality", municipality=school["mun_a"].pk, organization=""),
    )

    program = MentoringProgram.objects.get()
    assert (program.level, program.municipality, program.organization) == (
        ProgramLevel.MUNICIPALITY,
        school["mun_a"],
        None,
    )


def test_program_municipal_is_seen_by_the_organizations_of_the_municipality(client, school):
    ProgramFactory(
        title="Школа молодого педагога",
        level=ProgramLevel.MUNICIPALITY,
        organization=None,
        municipality=school["mun_a"],
        region=school["mun_a"].region,
    )
    client.force_login(school["admin"])

    assert "Школа молодого педагога" in client.get("/mentoring/programs/").content.decode()
    client.force_login(school["admin_b"])
    assert "Школа молодого педагога" not in client.get("/mentoring/programs/").content.decode()


@pytest.mark.parametrize(
    ("user_key", "detail", "edit"),
    [("admin", 200, 200), ("mentee_user", 200, 403), ("admin_b", 404, 404)],
)
def test_program_pages_by_role(client, school, pair, user_key, detail, edit):
    client.force_login(school[user_key])
    base = f"/mentoring/programs/{pair.program_id}/"

    assert [client.get(base).status_code, client.get(f"{base}edit/").status_code] == [
        detail,
        edit,
    ]


def test_program_delete_with_pairs_is_refused_with_a_message(client, school, pair):
    client.force_login(school["admin"])

    response = client.post(f"/mentoring/programs/{pair.program_id}/delete/", follow=True)

    assert "нельзя удалить: в ней 1 пара" in response.content.decode()
    assert MentoringProgram.objects.count() == 1


# Lists ----------------------------------------------------------------------------------------


def test_pair_list_filters_and_search(client, school, pair):
    other_mentee = teacher(school["org"], last_name="Опытнова")
    PairFactory(
        organization=school["org"],
        mentor=teacher(school["org"], last_name="Ведущая"),
        mentee=other_mentee,
        kind="teacher_teacher",
    )
    client.force_login(school["admin"])

    def names(query):
        response = client.get(f"/mentoring/pairs/?{query}")
        return sorted(p.mentee.last_name for p in response.context["object_list"])

    assert names("") == ["Молодцова", "Опытнова"]
    assert names("young=true") == ["Молодцова"]
    assert names("kind=teacher_teacher") == ["Опытнова"]
    assert names(f"program={pair.program_id}") == ["Молодцова"]
    assert names("q=ведущая") == ["Опытнова"]
    assert names("status=completed") == []


def test_pair_list_export(client, school, pair):
    pair.deficits.add(deficit(school["mentee"], school["org"], code="M.1", name="Оценивание"))
    MeetingFactory(pair=pair)
    client.force_login(school["admin"])

    rows = xlsx_rows(client.get("/mentoring/pairs/?export=xlsx"))

    header = rows[0]
    row = dict(zip(header, rows[1], strict=True))
    assert len(rows) == 2
    assert (row["Наставляемый"], row["Наставник"], row["Встреч"], row["Дефициты"]) == (
        school["mentee"].full_name,
        school["mentor"].full_name,
        1,
        "M.1 Оценивание",
    )


def test_young_without_mentor_page_lists_and_links(client, school, pair):
    alone = young_teacher(school["org"], last_name="Одинокова")
    young_teacher(school["org_b"], last_name="Бетова-младшая")
    client.force_login(school["admin"])

    response = client.get("/mentoring/young-without-mentor/")

    content = response.content.decode()
    assert [person.pk for person in response.context["object_list"]] == [alone.pk]
    assert f"/mentoring/pairs/new/?mentee={alone.pk}&amp;organization={school['org'].pk}" in (
        content
    )
    assert response.context["counts"] == {"total": 2, "mentored": 1, "without": 1, "percent": 50}


def test_young_without_mentor_export(client, school):
    client.force_login(school["admin"])

    rows = xlsx_rows(client.get("/mentoring/young-without-mentor/?export=xlsx"))

    assert rows[0][:2] == ["ФИО", "Организация"]
    assert rows[1][:2] == [school["mentee"].full_name, school["org"].short_name]


def test_young_without_mentor_for_a_teacher_forbidden(client, school):
    client.force_login(school["mentor_user"])

    assert client.get("/mentoring/young-without-mentor/").status_code == 403


def test_young_without_mentor_for_the_municipal_methodist_covers_the_municipality(
    client, school, methodist_a
):
    other_school = factories.OrganizationFactory(municipality=school["mun_a"])
    young_teacher(other_school, last_name="Соседова")
    client.force_login(methodist_a)

    response = client.get("/mentoring/young-without-mentor/")

    names = sorted(person.last_name for person in response.context["object_list"])
    assert names == ["Молодцова", "Соседова"]


def test_my_mentoring_shows_both_roles(client, school, pair):
    own_mentor = teacher(school["org"], last_name="Старшова")
    PairFactory(
        organization=school["org"],
        mentor=own_mentor,
        mentee=school["mentor"],
        kind="teacher_teacher",
    )
    client.force_login(school["mentor_user"])

    response = client.get("/mentoring/my/")

    assert [p.mentee for p in response.context["as_mentor"]] == [school["mentee"]]
    assert [p.mentor for p in response.context["as_mentee"]] == [own_mentor]


def test_my_mentoring_without_a_person_says_so(client, school):
    client.force_login(school["admin"])

    content = client.get("/mentoring/my/").content.decode()

    assert "не связана с карточкой работника" in content


# Query counts do not grow with the rows ---------------------------------------------------------


def add_pairs(school, count):
    for _ in range(count):
        pair = PairFactory(organization=school["org"], program=school.get("program"))
        pair.deficits.add(deficit(pair.mentee, school["org"]))
        MeetingFactory(pair=pair)


@pytest.mark.parametrize(
    "url",
    [
        "/mentoring/pairs/",
        "/mentoring/pairs/?export=xlsx",
        "/mentoring/programs/",
        "/mentoring/young-without-mentor/",
        "/mentoring/my/",
    ],
)
def test_list_query_count_does_not_grow_with_rows(client, school, url):
    school["program"] = ProgramFactory(organization=school["org"])
    client.force_login(school["admin"])
    add_pairs(school, 1)
    young_teacher(school["org"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_pairs(school, 4)
    ProgramFactory(organization=school["org"])
    for _ in range(4):
        young_teacher(school["org"])
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)


def test_my_mentoring_query_count_does_not_grow_with_rows(client, school):
    client.force_login(school["mentor_user"])
    PairFactory(organization=school["org"], mentor=school["mentor"])
    with CaptureQueriesContext(connection) as few:
        client.get("/mentoring/my/")
    for _ in range(3):
        MeetingFactory(pair=PairFactory(organization=school["org"], mentor=school["mentor"]))
    with CaptureQueriesContext(connection) as many:
        client.get("/mentoring/my/")

    assert len(many) == len(few)
