"""Pages of routes: who opens what, the list with its filters and export, «Построить ИОМ», the
person's marks, «Мой маршрут» and the tutor's checkpoints."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from profrost.core.roles import Role
from profrost.routes.models import ItemStatus, Route, RouteItem, RouteStatus
from tests import factories
from tests.methodists.factories import AssignmentFactory, MethodistFactory
from tests.routes.factories import (
    CheckpointFactory,
    RouteFactory,
    RouteItemFactory,
    cohort,
    days,
    deficit,
    program,
)


def day(offset=0):
    return f"{days(offset):%d.%m.%Y}"


@pytest.fixture
def route(people):
    route = RouteFactory(person=people["person"], tutor=people["tutor"], title="ИОМ Альфиной")
    item = RouteItemFactory(route=route, covers=[people["deficit_met"]], title="Курс по уроку")
    RouteItemFactory(route=route, covers=[people["deficit_psy"]], title="Работа в ШМО")
    CheckpointFactory(item=item, title="Зачисление", due_on=days(-5))
    return route


def agree(route):
    Route.objects.filter(pk=route.pk).update(status=RouteStatus.IN_PROGRESS, agreed_on=days(-20))


# Who opens what -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_key", "detail", "edit", "docx", "item_edit", "progress"),
    [
        ("methodist", 200, 200, 200, 200, 200),  # manages the person's municipality
        ("admin_a", 200, 200, 200, 200, 200),  # the person's organization
        ("teacher", 200, 403, 200, 403, 200),  # the person follows the route
        ("tutor_user", 200, 403, 200, 403, 403),  # the tutor sees it
        ("admin_b", 404, 404, 404, 404, 404),  # an outsider never finds it
        ("teacher_b", 404, 404, 404, 404, 404),
    ],
)
def test_route_pages_by_role(
    client, people, route, user_key, detail, edit, docx, item_edit, progress
):
    client.force_login(people[user_key])
    item = route.items.first()

    statuses = [
        client.get(f"/routes/{route.pk}/").status_code,
        client.get(f"/routes/{route.pk}/edit/").status_code,
        client.get(f"/routes/{route.pk}/docx/").status_code,
        client.get(f"/routes/items/{item.pk}/edit/").status_code,
        client.get(f"/routes/items/{item.pk}/progress/").status_code,
    ]

    assert statuses == [detail, edit, docx, item_edit, progress]


@pytest.mark.parametrize(("user_key", "expected"), [("teacher", 403), ("admin_b", 404)])
def test_agree_button_is_refused_to_others(client, people, route, user_key, expected):
    client.force_login(people[user_key])

    response = client.post(f"/routes/{route.pk}/agree/")

    assert response.status_code == expected
    assert Route.objects.get(pk=route.pk).status == RouteStatus.DRAFT


def test_agree_button_moves_the_route_and_shows_a_refusal(client, people, route):
    client.force_login(people["methodist"])
    empty = RouteFactory(person=people["person"], period=1)

    client.post(f"/routes/{route.pk}/agree/")
    response = client.post(f"/routes/{empty.pk}/agree/", follow=True)

    assert Route.objects.get(pk=route.pk).status == RouteStatus.AGREED
    assert "В маршруте нет ни одного пункта" in response.content.decode()


def test_cancel_page_needs_a_reason(client, people, route):
    client.force_login(people["methodist"])

    response = client.post(f"/routes/{route.pk}/cancel/", {"reason": ""})

    assert response.status_code == 200
    assert Route.objects.get(pk=route.pk).status == RouteStatus.DRAFT
    client.post(f"/routes/{route.pk}/cancel/", {"reason": "Уволилась"})
    assert Route.objects.get(pk=route.pk).cancel_reason == "Уволилась"


def test_delete_removes_only_a_draft(client, people, route):
    client.force_login(people["methodist"])
    agreed = RouteFactory(person=people["person"], status=RouteStatus.AGREED, period=1)

    client.post(f"/routes/{agreed.pk}/delete/")
    client.post(f"/routes/{route.pk}/delete/")

    assert list(Route.objects.values_list("pk", flat=True)) == [agreed.pk]


# The list ---------------------------------------------------------------------------------------


def test_route_list_shows_the_routes_in_scope(client, people, route):
    RouteFactory(person=people["person_b"], title="ИОМ Бетовой")
    client.force_login(people["methodist"])

    content = client.get("/routes/").content.decode()

    assert "ИОМ Альфиной" in content
    assert "Бетов" not in content


def test_route_list_filters_routes_with_overdue_checkpoints(client, people, route):
    agree(route)
    calm = RouteFactory(
        person=people["person"], title="Спокойный", status=RouteStatus.IN_PROGRESS, period=1
    )
    CheckpointFactory(item=RouteItemFactory(route=calm), due_on=days(5))
    client.force_login(people["methodist"])

    overdue = client.get("/routes/", {"overdue": "true"}).context["object_list"]
    not_overdue = client.get("/routes/", {"overdue": "false"}).context["object_list"]

    assert [r.title for r in overdue] == ["ИОМ Альфиной"]
    assert [r.title for r in not_overdue] == ["Спокойный"]


def test_route_list_filters_by_status_tutor_and_search(client, people, route):
    RouteFactory(person=people["person"], title="Другой", status=RouteStatus.COMPLETED)
    client.force_login(people["methodist"])

    def titles(**query):
        return [r.title for r in client.get("/routes/", query).context["object_list"]]

    assert titles(status="completed") == ["Другой"]
    assert titles(tutor=people["tutor"].pk) == ["ИОМ Альфиной"]
    assert titles(q="Бетова") == []
    assert sorted(titles(q="альфина")) == ["Другой", "ИОМ Альфиной"]


def test_route_list_exports_xlsx_with_counts(client, people, route):
    agree(route)
    client.force_login(people["methodist"])

    response = client.get("/routes/", {"export": "xlsx"})

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    header, row = rows[0], rows[1]
    values = dict(zip(header, row, strict=True))
    assert len(rows) == 2
    assert (values["Педагог"], values["Пунктов"], values["Часов"], values["Просрочено КТ"]) == (
        people["person"].full_name,
        2,
        16,
        1,
    )
    assert values["Организация"] == "Школа А"


def test_route_list_query_count_does_not_grow_with_rows(client, people):
    client.force_login(people["methodist"])

    def add_routes(count):
        for _index in range(count):
            person = factories.EmploymentFactory(organization=people["org_a"]).person
            route = RouteFactory(person=person, tutor=people["tutor"], status="in_progress")
            CheckpointFactory(item=RouteItemFactory(route=route), due_on=days(-1))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/routes/").status_code == 200
        return len(captured)

    add_routes(2)
    few = queries()
    add_routes(6)

    assert queries() == few


def test_route_detail_query_count_does_not_grow_with_items(client, people, route):
    client.force_login(people["methodist"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/routes/{route.pk}/").status_code == 200
        return len(captured)

    few = queries()
    for _index in range(5):
        item = RouteItemFactory(route=route, covers=[people["deficit_met"]])
        CheckpointFactory(item=item)

    assert queries() == few


# «Построить ИОМ» --------------------------------------------------------------------------------


def build_form(**changes):
    return {
        "title": "ИОМ на год",
        "starts_on": day(0),
        "ends_on": day(200),
        "hours_budget": 72,
        **changes,
    }


def test_build_page_shows_the_proposal_with_uncovered_deficits(client, people):
    registry = program([people["met"]], hours=36, registry=True, title="Современный урок")
    cohort(registry, start=15)
    client.force_login(people["methodist"])

    response = client.post(f"/routes/build/{people['person'].pk}/", build_form(action="preview"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Современный урок" in content
    assert "Не покрыты программами" in content
    assert "Учёт возрастных особенностей" in content
    assert Route.objects.count() == 0


def test_build_page_creates_the_draft(client, people):
    client.force_login(people["methodist"])

    response = client.post(
        f"/routes/build/{people['person'].pk}/",
        build_form(action="create", tutor=people["tutor"].pk),
    )

    route = Route.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/routes/{route.pk}/"
    assert (route.status, route.tutor, route.items.count()) == ("draft", people["tutor"], 2)


def test_build_page_refuses_an_end_before_the_start(client, people):
    client.force_login(people["methodist"])

    response = client.post(
        f"/routes/build/{people['person'].pk}/", build_form(action="create", ends_on=day(-3))
    )

    assert "Окончание раньше начала." in response.content.decode()
    assert Route.objects.count() == 0


@pytest.mark.parametrize(("user_key", "expected"), [("teacher", 403), ("admin_b", 404)])
def test_build_page_is_for_who_manages_the_person(client, people, user_key, expected):
    client.force_login(people[user_key])

    assert client.get(f"/routes/build/{people['person'].pk}/").status_code == expected


# The item editor --------------------------------------------------------------------------------


def test_item_editor_adds_an_item_for_a_deficit(client, people, route):
    client.force_login(people["methodist"])

    response = client.post(
        f"/routes/{route.pk}/items/new/",
        {
            "kind": "event",
            "title": "Семинар «Формирующее оценивание»",
            "covered_deficits": [people["deficit_met"].pk],
            "link_title": "Семинар ИРО",
            "starts_on": day(10),
            "ends_on": day(10),
            "hours": 4,
        },
    )

    assert response.status_code == 302
    item = route.items.get(kind="event")
    assert (item.order, item.competence, item.hours) == (3, people["met"], 4)


def test_item_editor_shows_model_errors_in_russian(client, people, route):
    client.force_login(people["methodist"])

    response = client.post(
        f"/routes/{route.pk}/items/new/", {"kind": "program", "title": "Курс", "hours": 10}
    )

    assert "Укажите программу или её поток." in response.content.decode()


# The person's marks ------------------------------------------------------------------------------


def test_person_marks_an_item_done_with_evidence(client, people, route, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agree(route)
    item = route.items.first()
    client.force_login(people["teacher"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        f"/routes/items/{item.pk}/progress/",
        {
            "status": "done",
            "evidence_text": "Прошла курс",
            "evidence_url": "https://example.org/doc",
            "evidence_file": SimpleUploadedFile("doc.pdf", b"%PDF-1.4 test"),
        },
    )

    item.refresh_from_db()
    assert (item.status, item.evidence_text, item.evidence_url) == (
        ItemStatus.DONE,
        "Прошла курс",
        "https://example.org/doc",
    )
    download = client.get(f"/routes/items/{item.pk}/evidence/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"


def test_person_sees_a_refused_file_type_on_the_form(client, people, route, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agree(route)
    item = route.items.first()
    client.force_login(people["teacher"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/routes/items/{item.pk}/progress/",
        {"status": "done", "evidence_file": SimpleUploadedFile("run.exe", b"MZ")},
    )

    assert "Файлы «.exe» не принимаются" in response.content.decode()
    item.refresh_from_db()
    assert not item.evidence_file


def test_evidence_file_is_hidden_from_outsiders(client, people, route):
    client.force_login(people["admin_b"])

    assert client.get(f"/routes/items/{route.items.first().pk}/evidence/").status_code == 404


# «Мой маршрут» and the tutor's checkpoints ------------------------------------------------------


def test_my_route_shows_the_running_route_with_its_marks(client, people, route):
    agree(route)
    client.force_login(people["teacher"])

    response = client.get("/routes/my/")

    content = response.content.decode()
    assert response.context["current"] == route
    assert "Курс по уроку" in content
    assert f"/routes/items/{route.items.first().pk}/progress/" in content


def test_my_route_of_a_user_without_a_person_is_empty(client, people, route):
    client.force_login(people["methodist"])

    response = client.get("/routes/my/")

    assert response.context["routes"] == []
    assert response.context["current"] is None


def test_tutor_sees_overdue_and_upcoming_checkpoints_of_tutored_and_assigned_people(
    client, people, route
):
    agree(route)
    CheckpointFactory(item=route.items.last(), title="Открытый урок", due_on=days(10))
    CheckpointFactory(item=route.items.last(), title="Далеко", due_on=days(90))
    # A teacher assigned to the tutor as a methodist of the regional asset.
    assigned = factories.EmploymentFactory(organization=people["org_a"]).person
    methodist = MethodistFactory(person=people["tutor"], municipality=people["mun_a"])
    AssignmentFactory(methodist=methodist, person=assigned)
    their_route = RouteFactory(person=assigned, status=RouteStatus.AGREED)
    CheckpointFactory(item=RouteItemFactory(route=their_route), title="Самоанализ", due_on=days(-1))
    # Someone else's route: not the tutor's.
    other = RouteFactory(person=people["person"], status=RouteStatus.IN_PROGRESS, period=1)
    CheckpointFactory(item=RouteItemFactory(route=other), title="Чужая точка", due_on=days(-2))
    client.force_login(people["tutor_user"])

    response = client.get("/routes/checkpoints/")

    assert [c.title for c in response.context["overdue"]] == ["Зачисление", "Самоанализ"]
    assert [c.title for c in response.context["upcoming"]] == ["Открытый урок"]


def test_tutor_checkpoints_page_takes_one_query_for_the_checkpoints(client, people, route):
    agree(route)
    client.force_login(people["tutor_user"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get("/routes/checkpoints/")
        return len(captured)

    few = queries()
    for _index in range(4):
        person = factories.EmploymentFactory(organization=people["org_a"]).person
        extra = RouteFactory(person=person, tutor=people["tutor"], status=RouteStatus.AGREED)
        CheckpointFactory(item=RouteItemFactory(route=extra), due_on=days(-1))

    assert queries() == few


def test_tutor_marks_a_checkpoint_from_the_page(client, people, route):
    agree(route)
    checkpoint = route.items.first().checkpoints.get()
    client.force_login(people["tutor_user"])

    response = client.post(
        f"/routes/checkpoints/{checkpoint.pk}/done/", {"next": "/routes/checkpoints/"}
    )

    checkpoint.refresh_from_db()
    assert response["Location"] == "/routes/checkpoints/"
    assert checkpoint.done_on == days(0)


def test_regional_methodist_sees_routes_of_the_whole_region(client, people, route):
    RouteFactory(person=people["person_b"], title="ИОМ Бетовой")
    client.force_login(factories.user_with_role(Role.REGIONAL_METHODIST, people["mun_a"].region))

    titles = sorted(r.title for r in client.get("/routes/").context["object_list"])

    assert titles == ["ИОМ Альфиной", "ИОМ Бетовой"]


def test_deficit_of_the_person_is_listed_on_the_route_page(client, people, route):
    extra = deficit(people["person"], factories.CompetenceFactory(code="R.COM", name="Общение"))
    client.force_login(people["methodist"])

    response = client.get(f"/routes/{route.pk}/")

    assert response.context["unaddressed"] == [extra]
    assert RouteItem.objects.filter(route=route).count() == 2
