"""The programs pages: the catalogue with its filters and export, program and cohort cards with
the buttons only for who may, the forms with Russian messages, the status moves, the lists'
query counts, «Моё обучение» and the block of a person's page."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory as HttpRequests
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from profrost.programs.models import (
    Cohort,
    Enrollment,
    EnrollmentStatus,
    Program,
    ProgramCompetence,
    ProgramKind,
)
from tests import factories
from tests.programs.factories import (
    CohortFactory,
    EnrollmentFactory,
    ProgramFactory,
    RequestFactory,
    completed,
    today,
)

S = EnrollmentStatus


def titles(response):
    return [program.title for program in response.context["object_list"]]


# The catalogue ---------------------------------------------------------------------------------


def test_catalogue_shows_the_region_and_common_programs_to_a_teacher(client, catalogue):
    ProgramFactory(title="Общая программа", region=None)
    ProgramFactory(title="Программа чужого региона")
    client.force_login(catalogue["teacher"])

    response = client.get("/programs/")

    assert titles(response) == ["Общая программа", "Функциональная грамотность"]


def test_catalogue_filters(client, catalogue):
    region = catalogue["region"]
    competence = factories.CompetenceFactory(code="F.1")
    linked = ProgramFactory(title="С компетенцией", region=region, hours=100)
    ProgramCompetence.objects.create(program=linked, competence=competence, weight=1)
    ProgramFactory(
        title="Из реестра",
        region=region,
        federal_registry=True,
        registry_number="ФР-9",
        kind=ProgramKind.PP,
        hours=300,
    )
    soon = ProgramFactory(title="Скоро поток", region=region, hours=24)
    CohortFactory(
        program=soon, starts_on=today() + timedelta(days=59), ends_on=today() + timedelta(90)
    )
    late = ProgramFactory(title="Поток не скоро", region=region, hours=24)
    CohortFactory(
        program=late, starts_on=today() + timedelta(days=61), ends_on=today() + timedelta(90)
    )
    client.force_login(catalogue["teacher"])

    def found(**query):
        return titles(client.get("/programs/", query))

    assert found(competence=competence.pk) == ["С компетенцией"]
    assert found(registry="true") == ["Из реестра"]
    assert found(kind="pp") == ["Из реестра"]
    assert found(hours_from=72, hours_to=100) == ["С компетенцией", "Функциональная грамотность"]
    assert found(soon="true") == ["Скоро поток"]
    assert found(q="реестра") == ["Из реестра"]


def test_catalogue_exports_xlsx(client, catalogue):
    client.force_login(catalogue["teacher"])

    response = client.get("/programs/", {"export": "xlsx"})

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Программа", "Вид", "Часов", "Форма обучения")
    assert rows[1][:3] == ("Функциональная грамотность", "Повышение квалификации (ПК)", 72)


@pytest.mark.parametrize(
    "url",
    [
        "/programs/",
        "/programs/enrollments/",
        "/programs/requests/",
        "/programs/no-recent-training/",
        "/programs/requests/summary/",
        "/programs/my/",
    ],
)
def test_list_query_count_does_not_grow_with_rows(client, catalogue, url):
    region, org = catalogue["region"], catalogue["org_a"]
    competence = factories.CompetenceFactory(code="Q.1")
    client.force_login(catalogue["teacher"] if url == "/programs/my/" else catalogue["provider"])

    def add_rows(count):
        for _ in range(count):
            person = factories.EmploymentFactory(organization=org).person
            program = ProgramFactory(region=region)
            ProgramCompetence.objects.create(program=program, competence=competence, weight=1)
            cohort = CohortFactory(program=program)
            EnrollmentFactory(cohort=cohort, person=person, organization=org)
            EnrollmentFactory(cohort=cohort, person=catalogue["person_a"], organization=org)
            completed(person, today() - timedelta(days=2000))
            RequestFactory(organization=org, person=person, direction=f"Направление {person.pk}")
            RequestFactory(organization=org, person=catalogue["person_a"])

    add_rows(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_rows(4)
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)


def test_cohort_and_program_cards_query_count_does_not_grow_with_enrolments(client, catalogue):
    cohort, org = catalogue["cohort"], catalogue["org_a"]
    client.force_login(catalogue["provider"])
    urls = [f"/programs/cohorts/{cohort.pk}/", f"/programs/{cohort.program_id}/"]

    def add(count):
        for _ in range(count):
            person = factories.EmploymentFactory(organization=org).person
            EnrollmentFactory(cohort=cohort, person=person, organization=org)
            CohortFactory(program=cohort.program)

    add(1)
    with CaptureQueriesContext(connection) as few:
        for url in urls:
            assert client.get(url).status_code == 200
    add(4)
    with CaptureQueriesContext(connection) as many:
        for url in urls:
            client.get(url)

    assert len(many) == len(few)


# Program card and form -------------------------------------------------------------------------


def test_program_card_offers_apply_and_editing_only_to_who_may(client, catalogue):
    url = f"/programs/{catalogue['program'].pk}/"

    client.force_login(catalogue["teacher"])
    teacher_page = client.get(url).content.decode()
    client.force_login(catalogue["provider"])
    provider_page = client.get(url).content.decode()

    assert "Подать заявку" in teacher_page
    assert "Изменить" not in teacher_page
    assert "Изменить" in provider_page
    assert "Новый поток" in provider_page


def test_program_card_of_another_region_is_not_found(client, catalogue):
    foreign = ProgramFactory(region=factories.RegionFactory(name="Дальняя область"))
    client.force_login(catalogue["provider"])

    assert client.get(f"/programs/{foreign.pk}/").status_code == 404


def test_program_edit_by_a_school_is_forbidden(client, catalogue):
    client.force_login(catalogue["admin"])

    assert client.get(f"/programs/{catalogue['program'].pk}/edit/").status_code == 403
    assert client.get("/programs/new/").status_code == 403


def form_data(**changes):
    data = {
        "title": "Цифровая образовательная среда",
        "kind": "pk",
        "hours": "15",
        "form": "distance",
        "provider_name": "ГАУ ДПО ИРО",
        "links-TOTAL_FORMS": "2",
        "links-INITIAL_FORMS": "0",
        "links-0-competence": "",
        "links-0-weight": "1",
        "links-1-competence": "",
        "links-1-weight": "1",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("kind", "hours", "message"),
    [
        (
            "pk",
            "15",
            "Программа вида «Повышение квалификации (ПК)» должна быть не меньше 16 часов.",
        ),
        (
            "pp",
            "249",
            "Программа вида «Профессиональная переподготовка (ПП)» должна быть не меньше "
            "250 часов.",
        ),
    ],
)
def test_program_form_refuses_too_few_hours(client, catalogue, kind, hours, message):
    client.force_login(catalogue["provider"])

    response = client.post("/programs/new/", form_data(kind=kind, hours=hours))

    assert response.status_code == 200
    assert response.context["form"].errors == {"hours": [message]}
    assert not Program.objects.filter(title="Цифровая образовательная среда").exists()


def test_program_form_saves_the_competence_weights(client, catalogue):
    first, second = factories.CompetenceFactory(code="W.1"), factories.CompetenceFactory(code="W.2")
    client.force_login(catalogue["provider"])

    response = client.post(
        "/programs/new/",
        form_data(
            hours="24",
            **{"links-0-competence": first.pk, "links-0-weight": "0,5"},
            **{"links-1-competence": second.pk, "links-1-weight": "2"},
        ),
    )

    program = Program.objects.get(title="Цифровая образовательная среда")
    assert response.status_code == 302
    assert program.region == catalogue["region"]
    assert sorted(program.links.values_list("competence__code", "weight")) == [
        ("W.1", 0.5),
        ("W.2", 2),
    ]


def test_program_form_refuses_a_competence_twice(client, catalogue):
    competence = factories.CompetenceFactory(code="W.3")
    client.force_login(catalogue["provider"])

    response = client.post(
        "/programs/new/",
        form_data(
            hours="24",
            **{"links-0-competence": competence.pk},
            **{"links-1-competence": competence.pk},
        ),
    )

    assert response.context["editor"].link_errors == ["Компетенция W.3 указана дважды."]


def test_program_delete_with_cohorts_is_refused_with_a_message(client, catalogue):
    client.force_login(catalogue["provider"])

    response = client.post(f"/programs/{catalogue['program'].pk}/delete/", follow=True)

    assert "нельзя удалить: у неё 1 поток" in response.content.decode()
    assert Program.objects.filter(pk=catalogue["program"].pk).exists()


# Cohorts ---------------------------------------------------------------------------------------


def test_cohort_form_creates_a_cohort_and_refuses_wrong_dates(client, catalogue):
    program = catalogue["program"]
    client.force_login(catalogue["provider"])
    data = {"starts_on": "10.02.2030", "ends_on": "01.02.2030", "capacity": "20"}

    refused = client.post(f"/programs/{program.pk}/cohorts/new/", data)
    created = client.post(f"/programs/{program.pk}/cohorts/new/", {**data, "ends_on": "20.02.2030"})

    assert refused.context["form"].errors == {"ends_on": ["Окончание раньше начала."]}
    assert created.status_code == 302
    assert program.cohorts.filter(capacity=20).count() == 1


def test_cohort_card_shows_actions_by_status_only_to_who_may(client, catalogue):
    cohort = catalogue["cohort"]
    applied = EnrollmentFactory(cohort=cohort, person=catalogue["person_a"])
    colleague = factories.EmploymentFactory(organization=catalogue["org_a"]).person
    approved = EnrollmentFactory(cohort=cohort, person=colleague, status=S.APPROVED)
    url = f"/programs/cohorts/{cohort.pk}/"

    def actions(user):
        client.force_login(user)
        rows = client.get(url).context["rows"]
        return {enrollment.pk: targets for enrollment, targets in rows}

    assert actions(catalogue["admin"]) == {
        applied.pk: [S.APPROVED, S.REJECTED, S.WITHDRAWN],
        approved.pk: [],
    }
    assert actions(catalogue["provider"]) == {
        applied.pk: [S.APPROVED, S.REJECTED, S.WITHDRAWN],
        approved.pk: [S.COMPLETED, S.WITHDRAWN],
    }
    assert actions(catalogue["teacher"]) == {applied.pk: [S.WITHDRAWN]}
    assert actions(catalogue["admin_b"]) == {}


# Applying and moves ----------------------------------------------------------------------------


def test_apply_page_lets_a_teacher_apply_for_themselves(client, catalogue):
    client.force_login(catalogue["teacher"])
    url = f"/programs/cohorts/{catalogue['cohort'].pk}/apply/"

    form = client.get(url).context["form"]
    response = client.post(url, {"person": catalogue["person_a"].pk})

    assert list(form.fields["person"].queryset) == [catalogue["person_a"]]
    enrollment = Enrollment.objects.get()
    assert response["Location"] == f"/programs/enrollments/{enrollment.pk}/"


def test_apply_page_shows_the_services_refusal_on_the_form(client, catalogue):
    EnrollmentFactory(cohort=catalogue["cohort"], person=catalogue["person_a"])
    client.force_login(catalogue["admin"])

    response = client.post(
        f"/programs/cohorts/{catalogue['cohort'].pk}/apply/", {"person": catalogue["person_a"].pk}
    )

    assert response.context["form"].non_field_errors() == [
        f"{catalogue['person_a']} уже записан(а) на этот поток: «Заявка подана»."
    ]


def test_approve_and_complete_through_the_pages(client, catalogue):
    enrollment = EnrollmentFactory(
        cohort=catalogue["cohort"], person=catalogue["person_a"], organization=catalogue["org_a"]
    )
    client.force_login(catalogue["admin"])
    client.post(f"/programs/enrollments/{enrollment.pk}/approve/")
    client.force_login(catalogue["provider"])
    missing = client.post(
        f"/programs/enrollments/{enrollment.pk}/complete/",
        {"document_kind": "certificate", "completed_on": today().strftime("%d.%m.%Y")},
    )
    client.post(
        f"/programs/enrollments/{enrollment.pk}/complete/",
        {
            "document_kind": "certificate",
            "document_number": "У-2025-17",
            "completed_on": today().strftime("%d.%m.%Y"),
        },
    )

    assert missing.context["form"].errors == {
        "document_number": [
            "Для программы вида «Повышение квалификации (ПК)» укажите номер документа "
            "(удостоверение)."
        ]
    }
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.document_number) == (S.COMPLETED, "У-2025-17")


def test_move_pages_answer_by_right_and_by_status(client, catalogue):
    enrollment = EnrollmentFactory(cohort=catalogue["cohort"], person=catalogue["person_a"])
    base = f"/programs/enrollments/{enrollment.pk}"

    client.force_login(catalogue["teacher"])
    assert client.post(f"{base}/approve/").status_code == 403
    client.force_login(catalogue["admin_b"])
    assert client.post(f"{base}/approve/").status_code == 404
    client.force_login(catalogue["admin"])
    illegal = client.get(f"{base}/complete/", follow=True)

    assert "Нельзя отметить завершение обучения: запись в статусе «Заявка подана»." in (
        illegal.content.decode()
    )
    enrollment.refresh_from_db()
    assert enrollment.status == S.APPLIED


def test_enrollment_card_shows_the_history(client, catalogue):
    client.force_login(catalogue["admin"])
    client.post(
        f"/programs/cohorts/{catalogue['cohort'].pk}/apply/", {"person": catalogue["person_a"].pk}
    )
    enrollment = Enrollment.objects.get()
    client.post(f"/programs/enrollments/{enrollment.pk}/reject/", {"reason": "Нет замены"})

    page = client.get(f"/programs/enrollments/{enrollment.pk}/").content.decode()

    assert "Заявка подана → <strong>Заявка отклонена</strong>" in page
    assert "Нет замены" in page


def test_support_pages_record_support_of_a_completed_enrollment(client, catalogue):
    enrollment = completed(catalogue["person_a"], today() - timedelta(days=5))
    client.force_login(catalogue["methodist"])

    response = client.post(
        f"/programs/enrollments/{enrollment.pk}/support/new/",
        {"date": today().strftime("%d.%m.%Y"), "form": "Консультация"},
    )

    assert response.status_code == 302
    assert list(enrollment.support.values_list("form", flat=True)) == ["Консультация"]
    client.force_login(catalogue["teacher"])
    assert client.get(f"/programs/enrollments/{enrollment.pk}/support/new/").status_code == 403


# Requests, «Моё обучение», a person's page ------------------------------------------------------


def test_request_pages_file_from_a_person_and_from_a_staff(client, catalogue):
    year = str(today().year + 1)
    client.force_login(catalogue["teacher"])
    own = client.post(
        "/programs/requests/new/",
        {"person": catalogue["person_a"].pk, "year": year, "direction": "Медиация"},
    )
    staff_page = client.get("/programs/requests/new-staff/")
    client.force_login(catalogue["admin"])
    staff = client.post(
        "/programs/requests/new-staff/",
        {"organization": catalogue["org_a"].pk, "year": year, "direction": "ИИ", "headcount": 6},
    )

    assert (own.status_code, staff_page.status_code, staff.status_code) == (302, 403, 302)
    rows = catalogue["org_a"].training_requests.order_by("pk")
    assert list(rows.values_list("direction", "person", "headcount")) == [
        ("Медиация", catalogue["person_a"].pk, 1),
        ("ИИ", None, 6),
    ]


def test_request_keeps_the_day_it_was_filed_on_paper(client, catalogue):
    client.force_login(catalogue["admin"])
    data = {
        "organization": catalogue["org_a"].pk,
        "year": "2027",
        "direction": "ИИ",
        "headcount": 3,
    }
    late = client.post("/programs/requests/new-staff/", {**data, "filed_on": "14.03.2026"})
    ahead = client.post(
        "/programs/requests/new-staff/",
        {**data, "filed_on": (today() + timedelta(days=1)).strftime("%d.%m.%Y")},
    )

    assert late.status_code == 302
    assert "не может быть подана позже сегодняшнего дня" in ahead.content.decode()
    rows = catalogue["org_a"].training_requests.values_list("filed_on", flat=True)
    assert list(rows) == [date(2026, 3, 14)]


def test_request_is_filed_today_when_no_day_is_given(client, catalogue):
    client.force_login(catalogue["admin"])
    client.post(
        "/programs/requests/new-staff/",
        {"organization": catalogue["org_a"].pk, "year": "2027", "direction": "ИИ", "headcount": 3},
    )
    assert catalogue["org_a"].training_requests.get().filed_on == today()


def test_request_review_page_is_for_the_methodist(client, catalogue):
    request = RequestFactory(organization=catalogue["org_a"], person=catalogue["person_a"])
    url = f"/programs/requests/{request.pk}/review/"

    client.force_login(catalogue["admin"])
    assert client.post(url, {"status": "accepted"}).status_code == 403
    client.force_login(catalogue["methodist"])
    client.post(url, {"status": "accepted"})

    request.refresh_from_db()
    assert request.status == "accepted"


def test_my_training_shows_own_enrolments_and_open_cohorts(client, catalogue):
    enrolled = CohortFactory(
        program=ProgramFactory(title="Уже записан", region=catalogue["region"])
    )
    EnrollmentFactory(cohort=enrolled, person=catalogue["person_a"])
    completed(catalogue["person_a"], today() - timedelta(days=100))
    client.force_login(catalogue["teacher"])

    response = client.get("/programs/my/")

    context = response.context
    assert [e.cohort.program.title for e, _ in context["rows"]][0] == "Уже записан"
    assert [c.program.title for c in context["cohorts"]] == ["Функциональная грамотность"]
    assert context["training"].last_completed_on == today() - timedelta(days=100)


def test_my_training_without_a_person_says_so(client, catalogue):
    client.force_login(catalogue["admin"])

    assert "не связана с карточкой работника" in client.get("/programs/my/").content.decode()


def test_person_training_tag_renders_the_last_completed_pk(catalogue):
    completed(catalogue["person_a"], today() - timedelta(days=40))
    request = HttpRequests().get("/")
    request.user = catalogue["admin"]

    html = Template("{% load programs_training %}{% person_training person %}").render(
        Context({"person": catalogue["person_a"], "request": request})
    )

    expected = (today() - timedelta(days=40)).strftime("%d.%m.%Y")
    assert f'<strong id="last-training-on">{expected}</strong>' in html


def test_no_recent_training_page_exports_xlsx(client, catalogue):
    completed(catalogue["person_a"], today() - timedelta(days=2000))
    client.force_login(catalogue["admin"])

    response = client.get("/programs/no-recent-training/", {"export": "xlsx"})

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == catalogue["person_a"].full_name
    assert rows[1][4].date() == today() - timedelta(days=2000)


def test_cohort_model_keeps_the_open_rule(catalogue):
    cohort = Cohort(
        starts_on=today(), ends_on=today() + timedelta(days=3), applications_close_on=today()
    )

    assert cohort.open_for_applications() is True
    assert cohort.open_for_applications(today() + timedelta(days=1)) is False
