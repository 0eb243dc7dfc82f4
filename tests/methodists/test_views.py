import random
from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.demo.context import DemoContext
from profrost.demo.methodists import build_demo_methodists
from profrost.demo.registry.build import build_demo_registry
from profrost.methodists import services
from profrost.methodists.balancing import Placement
from profrost.methodists.models import METHODIST_LOAD_CAP, Methodist, MethodistAssignment
from tests import factories
from tests.methodists.factories import (
    AssignmentFactory,
    methodist_in,
    region_methodist,
    teacher,
)

LIST = "/routes/methodists/"


def today():
    return timezone.localdate()


def day(offset=0):
    return f"{today() + timedelta(days=offset):%d.%m.%Y}"


def xlsx_rows(response):
    sheet = load_workbook(BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def audit_actions():
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


@pytest.fixture
def coordinator(region):
    return factories.user_with_role(Role.CNPPM_COORDINATOR, region)


@pytest.fixture
def users(two_orgs, region, regional_admin, org_admin_a):
    foreign = factories.RegionFactory(name="Чужая область")
    return {
        "admin": regional_admin,
        "coordinator": factories.user_with_role(Role.CNPPM_COORDINATOR, region),
        "reg_methodist": factories.user_with_role(Role.REGIONAL_METHODIST, region),
        "mun_a": factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"]),
        "mun_b": factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_b"]),
        "org_a": org_admin_a,
        "outsider": factories.user_with_role(Role.REGIONAL_ADMIN, foreign),
    }


@pytest.fixture
def methodist_a(two_orgs):
    """A methodist of Город А teaching mathematics, with Альфина assigned."""
    methodist = methodist_in(two_orgs["org_a"], "Математика", last_name="Методистова")
    AssignmentFactory(methodist=methodist, person=two_orgs["person_a"])
    return methodist


# The register: who sees what -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_key", "detail", "edit", "exclude", "assign"),
    [
        ("admin", 200, 200, 200, 200),
        ("coordinator", 200, 200, 200, 200),
        ("reg_methodist", 200, 403, 403, 403),  # reads the register of the region
        ("mun_a", 200, 403, 403, 403),  # reads the methodists of its municipality
        ("mun_b", 404, 404, 404, 404),
        ("org_a", 404, 404, 404, 404),  # sees only region-wide methodists
        ("outsider", 404, 404, 404, 404),
    ],
)
def test_methodist_pages_by_role(
    client, users, methodist_a, user_key, detail, edit, exclude, assign
):
    client.force_login(users[user_key])
    base = f"{LIST}{methodist_a.pk}/"

    statuses = [
        client.get(base).status_code,
        client.get(f"{base}edit/").status_code,
        client.get(f"{base}exclude/").status_code,
        client.get(f"{base}assign/").status_code,
    ]

    assert statuses == [detail, edit, exclude, assign]


def test_methodist_region_wide_visible_to_organization_admin(client, two_orgs, org_admin_a):
    methodist = region_methodist(two_orgs["org_b"], last_name="Широкова")
    client.force_login(org_admin_a)

    response = client.get(f"{LIST}{methodist.pk}/")

    assert response.status_code == 200
    assert "Изменить" not in response.content.decode()


def test_methodist_list_of_municipal_methodist_hides_other_municipality(
    client, two_orgs, users, methodist_a
):
    methodist_in(two_orgs["org_b"], last_name="Чужанова")
    region_methodist(two_orgs["org_a"], last_name="Широкова")
    client.force_login(users["mun_a"])

    content = client.get(LIST).content.decode()

    assert ("Методистова" in content, "Широкова" in content, "Чужанова" in content) == (
        True,
        True,
        False,
    )


def test_methodist_list_shows_load_against_cap(client, two_orgs, regional_admin, methodist_a):
    AssignmentFactory(
        methodist=methodist_a,
        person=teacher(two_orgs["org_a"]),
        starts_on=date(2024, 1, 10),
        ends_on=date(2024, 6, 1),
    )
    AssignmentFactory(methodist=methodist_a, person=teacher(two_orgs["org_a"]))
    client.force_login(regional_admin)

    content = client.get(LIST).content.decode()

    assert f"2 из {METHODIST_LOAD_CAP}" in content
    assert "bg-danger" not in content


def test_methodist_list_marks_overload_red(client, two_orgs, regional_admin):
    methodist = methodist_in(two_orgs["org_a"], load_cap=1)
    AssignmentFactory(methodist=methodist, person=two_orgs["person_a"])
    AssignmentFactory(methodist=methodist, person=teacher(two_orgs["org_a"]))
    client.force_login(regional_admin)

    content = client.get(LIST).content.decode()

    assert "2 из 1" in content
    assert "progress-bar bg-danger" in content


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["math", "region", "excluded", "over"]),
        ({"municipality": "null"}, ["region"]),
        ({"subject": "physics"}, ["region"]),
        ({"state": "active"}, ["math", "region", "over"]),
        ({"state": "excluded"}, ["excluded"]),
        ({"overloaded": "true"}, ["over"]),
        ({"overloaded": "false"}, ["math", "region", "excluded"]),
        ({"q": "физикова"}, ["region"]),
    ],
)
def test_methodist_list_filters(client, two_orgs, regional_admin, params, expected):
    org = two_orgs["org_a"]
    made = {
        "math": methodist_in(org, "Математика", last_name="Математикова"),
        "region": region_methodist(org, "Физика", last_name="Физикова"),
        "excluded": methodist_in(org, last_name="Ушедшая", excluded_on=date(2024, 12, 1)),
        "over": methodist_in(org, last_name="Перегрузова", load_cap=1),
    }
    AssignmentFactory(methodist=made["over"], person=teacher(org))
    AssignmentFactory(methodist=made["over"], person=teacher(org))
    if "subject" in params:
        params = {"subject": factories.subject("Физика").pk}
    if "municipality" in params and params["municipality"] != "null":
        params = {"municipality": two_orgs["mun_a"].pk}
    client.force_login(regional_admin)

    response = client.get(LIST, params)

    assert sorted(m.pk for m in response.context["object_list"]) == sorted(
        made[key].pk for key in expected
    )


def test_methodist_list_sorted_by_load(client, two_orgs, regional_admin):
    org = two_orgs["org_a"]
    light = methodist_in(org, last_name="Лёгкая")
    heavy = methodist_in(org, last_name="Тяжёлая")
    for _ in range(2):
        AssignmentFactory(methodist=heavy, person=teacher(org))
    AssignmentFactory(methodist=light, person=teacher(org))
    client.force_login(regional_admin)

    response = client.get(LIST, {"sort": "-load"})

    assert [m.pk for m in response.context["object_list"]] == [heavy.pk, light.pk]


def test_methodist_list_htmx_returns_the_table_only(client, regional_admin, methodist_a):
    client.force_login(regional_admin)

    response = client.get(
        LIST, {"q": "Методистова"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="list-table"
    )
    content = response.content.decode()

    assert content.count('id="list-table"') == 1
    assert "<html" not in content
    assert "1 из 250" in content


def test_methodist_list_queries_do_not_grow_with_rows(client, two_orgs, regional_admin):
    org = two_orgs["org_a"]
    client.force_login(regional_admin)
    first = methodist_in(org, "Математика")
    AssignmentFactory(methodist=first, person=teacher(org))
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST).status_code == 200

    for index in range(4):
        methodist = methodist_in(org, "Физика", "Химия", last_name=f"Методист{index}")
        AssignmentFactory(methodist=methodist, person=teacher(org))
    with CaptureQueriesContext(connection) as five:
        response = client.get(LIST)
    assert len(response.context["object_list"]) == 5

    assert len(five) == len(one)


def test_methodist_list_exports_xlsx(client, two_orgs, regional_admin, methodist_a):
    client.force_login(regional_admin)

    response = client.get(LIST, {"export": "xlsx"})
    rows = xlsx_rows(response)

    assert rows[0] == [
        "ФИО",
        "Место работы",
        "Муниципалитет",
        "Предметы",
        "Направления работы",
        "Нагрузка",
        "Предельная нагрузка",
        "Включён",
        "Основание",
        "Исключён",
        "Регион",
    ]
    person = methodist_a.person
    assert rows[1] == [
        person.full_name,
        "Школа А",
        "Город А",
        "Математика",
        None,
        1,
        250,
        datetime(2023, 9, 1),
        "Приказ ЦНППМ № 12 от 01.09.2023",
        None,
        "Тестовая область",
    ]
    assert audit_actions() == ["routes.methodist.exported"]


def test_methodist_detail_lists_only_visible_teachers(client, two_orgs, users):
    methodist = region_methodist(two_orgs["org_a"], last_name="Широкова")
    AssignmentFactory(methodist=methodist, person=two_orgs["person_a"])
    AssignmentFactory(methodist=methodist, person=two_orgs["person_b"])
    client.force_login(users["mun_a"])

    response = client.get(f"{LIST}{methodist.pk}/")
    content = response.content.decode()

    assert [a.person for a in response.context["active_assignments"]] == [two_orgs["person_a"]]
    assert "Бетова" not in content
    assert "Ещё 1 педагог работает вне вашей зоны ответственности" in content
    assert "2 из 250" in content


# The register: changes -------------------------------------------------------------------------


def methodist_form(person, region, municipality=None, **overrides):
    return {
        "person": person.pk,
        "region": region.pk,
        "municipality": municipality.pk if municipality else "",
        "subjects": [factories.subject("Математика").pk, factories.subject("Физика").pk],
        "directions": "Сопровождение ИОМ",
        "included_on": day(-10),
        "document": "Приказ № 5",
        "load_cap": "250",
        **overrides,
    }


def test_methodist_created_by_regional_admin(client, two_orgs, region, regional_admin):
    client.force_login(regional_admin)
    person = two_orgs["person_a"]

    response = client.post(f"{LIST}new/", methodist_form(person, region, two_orgs["mun_a"]))

    methodist = Methodist.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}{methodist.pk}/"
    assert (methodist.person, methodist.municipality, methodist.included_on) == (
        person,
        two_orgs["mun_a"],
        today() - timedelta(days=10),
    )
    assert sorted(methodist.subjects.values_list("name", flat=True)) == ["Математика", "Физика"]
    assert audit_actions() == ["routes.methodist.created"]


def test_methodist_create_does_not_offer_members_of_the_asset(
    client, two_orgs, region, regional_admin, methodist_a
):
    client.force_login(regional_admin)

    form = client.get(f"{LIST}new/").context["form"]

    offered = {person.pk for person in form.fields["person"].queryset}
    assert methodist_a.person_id not in offered
    assert two_orgs["person_a"].pk in offered


def test_methodist_create_refuses_member_of_the_asset(
    two_orgs, region, regional_admin, methodist_a
):
    data = {"person": methodist_a.person, "region": region, "included_on": date(2024, 9, 1)}

    with pytest.raises(ValidationError) as error:
        services.create_methodist(by=regional_admin, data=data)

    assert error.value.message_dict == {
        "person": ["Работник уже состоит в региональном методическом активе."]
    }
    assert Methodist.objects.count() == 1


def test_methodist_create_refuses_future_inclusion(client, two_orgs, region, regional_admin):
    client.force_login(regional_admin)

    response = client.post(
        f"{LIST}new/", methodist_form(two_orgs["person_a"], region, included_on=day(3))
    )

    assert response.context["form"].errors == {
        "included_on": ["Дата включения не может быть в будущем."]
    }


@pytest.mark.parametrize("user_key", ["reg_methodist", "mun_a", "org_a"])
def test_methodist_create_forbidden_without_the_permission(client, users, user_key):
    client.force_login(users[user_key])

    assert client.get(f"{LIST}new/").status_code == 403


def test_methodist_updated_and_audited(client, two_orgs, regional_admin, methodist_a):
    client.force_login(regional_admin)
    data = methodist_form(
        methodist_a.person,
        methodist_a.region,
        two_orgs["mun_a"],
        included_on="01.09.2023",
        load_cap="200",
    )

    response = client.post(f"{LIST}{methodist_a.pk}/edit/", data)

    methodist_a.refresh_from_db()
    assert response.status_code == 302
    assert (methodist_a.load_cap, methodist_a.directions) == (200, "Сопровождение ИОМ")
    entry = AuditEntry.objects.get(action="routes.methodist.updated")
    assert entry.data == {"fields": ["directions", "document", "load_cap", "subjects"]}


def test_methodist_update_refuses_municipality_that_strands_teachers(
    client, two_orgs, regional_admin, methodist_a
):
    client.force_login(regional_admin)
    data = methodist_form(
        methodist_a.person, methodist_a.region, two_orgs["mun_b"], included_on="01.09.2023"
    )

    response = client.post(f"{LIST}{methodist_a.pk}/edit/", data)

    assert response.context["form"].errors == {
        "municipality": [
            "За методистом закреплены педагоги, не работающие в этом муниципалитете (1): "
            "сначала завершите их закрепления."
        ]
    }


def test_methodist_excluded_ends_assignments(client, two_orgs, regional_admin, methodist_a):
    client.force_login(regional_admin)
    url = f"{LIST}{methodist_a.pk}/exclude/"
    assert "Закрепления 1 педагога завершатся" in client.get(url).content.decode()

    response = client.post(url, {"excluded_on": day()})

    methodist_a.refresh_from_db()
    assert response.status_code == 302
    assert methodist_a.excluded_on == today()
    assert list(methodist_a.assignments.values_list("ends_on", flat=True)) == [today()]
    entry = AuditEntry.objects.get(action="routes.methodist.excluded")
    assert entry.data == {"excluded_on": today().isoformat(), "assignments_ended": 1}


def test_methodist_exclude_refuses_date_before_last_assignment(two_orgs, regional_admin):
    methodist = methodist_in(two_orgs["org_a"])
    AssignmentFactory(methodist=methodist, person=two_orgs["person_a"], starts_on=date(2024, 9, 1))

    with pytest.raises(ValidationError) as error:
        services.exclude_methodist(methodist, by=regional_admin, excluded_on=date(2024, 8, 1))

    assert error.value.message_dict == {
        "excluded_on": [
            "Последнее действующее закрепление начато 01.09.2024: исключить раньше нельзя."
        ]
    }
    assert Methodist.objects.get().excluded_on is None


def test_methodist_without_assignments_deleted(client, two_orgs, regional_admin):
    methodist = methodist_in(two_orgs["org_a"])
    client.force_login(regional_admin)

    response = client.post(f"{LIST}{methodist.pk}/delete/")

    assert response.status_code == 302
    assert Methodist.objects.count() == 0
    assert audit_actions() == ["routes.methodist.deleted"]


def test_methodist_with_ended_assignments_not_deleted(client, two_orgs, regional_admin):
    methodist = methodist_in(two_orgs["org_a"])
    AssignmentFactory(methodist=methodist, person=two_orgs["person_a"], ends_on=date(2024, 10, 1))
    client.force_login(regional_admin)
    assert "удалить нельзя" in client.get(f"{LIST}{methodist.pk}/delete/").content.decode()

    response = client.post(f"{LIST}{methodist.pk}/delete/")

    assert response.status_code == 302
    assert Methodist.objects.count() == 1


def test_methodist_of_another_region_out_of_reach_for_changes(client, users, methodist_a):
    client.force_login(users["outsider"])

    statuses = [
        client.post(f"{LIST}{methodist_a.pk}/edit/", {}).status_code,
        client.post(f"{LIST}{methodist_a.pk}/exclude/", {"excluded_on": day()}).status_code,
        client.post(f"{LIST}{methodist_a.pk}/delete/").status_code,
    ]

    assert statuses == [404, 404, 404]
    assert Methodist.objects.get().excluded_on is None


# Assignments -----------------------------------------------------------------------------------


def test_teacher_assigned_from_the_methodist_page(client, two_orgs, regional_admin, methodist_a):
    colleague = teacher(two_orgs["org_a"], last_name="Коллегова")
    client.force_login(regional_admin)

    response = client.post(
        f"{LIST}{methodist_a.pk}/assign/", {"person": colleague.pk, "starts_on": day()}
    )

    assert response.status_code == 302
    assignment = MethodistAssignment.objects.get(person=colleague)
    assert (assignment.methodist, assignment.starts_on, assignment.ends_on) == (
        methodist_a,
        today(),
        None,
    )
    entry = AuditEntry.objects.get(action="routes.methodist.assigned")
    assert entry.data == {
        "methodist": methodist_a.pk,
        "person": colleague.pk,
        "previous": None,
        "over_cap": False,
    }


def test_assignment_form_offers_teachers_of_the_methodist_area(
    client, two_orgs, regional_admin, methodist_a
):
    director = factories.EmploymentFactory(
        organization=two_orgs["org_a"],
        position=factories.position("Директор"),
        person__last_name="Директорова",
    ).person
    client.force_login(regional_admin)

    form = client.get(f"{LIST}{methodist_a.pk}/assign/").context["form"]

    offered = sorted(p.last_name for p in form.fields["person"].queryset)
    assert offered == ["Альфина"]
    assert director.last_name not in offered


def test_assign_teacher_of_another_municipality_refused(two_orgs, regional_admin, methodist_a):
    with pytest.raises(ValidationError) as error:
        services.assign_teacher(methodist_a, two_orgs["person_b"], by=regional_admin)

    assert error.value.message_dict == {
        "person": [
            "У педагога нет действующего места работы на педагогической должности "
            "в муниципалитете «Город А»."
        ]
    }


def test_region_wide_methodist_takes_teachers_of_any_municipality(two_orgs, regional_admin):
    methodist = region_methodist(two_orgs["org_a"])

    assignment = services.assign_teacher(methodist, two_orgs["person_b"], by=regional_admin)

    assert assignment.methodist == methodist


def test_assign_at_cap_refused_without_confirmation(client, two_orgs, regional_admin):
    methodist = methodist_in(two_orgs["org_a"], load_cap=1)
    AssignmentFactory(methodist=methodist, person=teacher(two_orgs["org_a"]))
    client.force_login(regional_admin)

    response = client.post(
        f"{LIST}{methodist.pk}/assign/", {"person": two_orgs["person_a"].pk, "starts_on": day()}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "over_cap": [
            "У методиста уже 1 педагог при предельной нагрузке 1. Чтобы закрепить педагога "
            "сверх нормы, подтвердите это явно."
        ]
    }
    assert MethodistAssignment.objects.count() == 1


def test_assign_at_cap_with_confirmation_goes_over(client, two_orgs, regional_admin):
    methodist = methodist_in(two_orgs["org_a"], load_cap=1)
    AssignmentFactory(methodist=methodist, person=teacher(two_orgs["org_a"]))
    client.force_login(regional_admin)

    response = client.post(
        f"{LIST}{methodist.pk}/assign/",
        {"person": two_orgs["person_a"].pk, "starts_on": day(), "over_cap": "on"},
    )

    assert response.status_code == 302
    assert methodist.assignments.filter(ends_on__isnull=True).count() == 2
    assert AuditEntry.objects.get(action="routes.methodist.assigned").data["over_cap"] is True


def test_reassigning_ends_the_previous_assignment(two_orgs, regional_admin, methodist_a):
    other = region_methodist(two_orgs["org_a"])

    new = services.assign_teacher(other, two_orgs["person_a"], by=regional_admin)

    previous = MethodistAssignment.objects.get(methodist=methodist_a)
    assert (previous.ends_on, new.starts_on, new.ends_on) == (today(), today(), None)
    assert AuditEntry.objects.get(action="routes.methodist.assigned").data["previous"] == (
        previous.pk
    )


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("same", "person", "Педагог уже закреплён за этим методистом."),
        ("self", "person", "Методист не может быть закреплён сам за собой."),
        ("future", "starts_on", "Дата закрепления не может быть в будущем."),
        (
            "before_inclusion",
            "starts_on",
            "Дата закрепления раньше включения методиста в актив (01.09.2023).",
        ),
        ("excluded", "methodist", "Методист исключён из актива: закреплять за ним нельзя."),
    ],
)
def test_assign_teacher_refused(two_orgs, regional_admin, methodist_a, case, field, message):
    person, starts_on = two_orgs["person_a"], None
    if case == "self":
        person = methodist_a.person
    elif case == "future":
        person, starts_on = teacher(two_orgs["org_a"]), today() + timedelta(days=1)
    elif case == "before_inclusion":
        person, starts_on = teacher(two_orgs["org_a"]), date(2023, 8, 31)
    elif case == "excluded":
        person = teacher(two_orgs["org_a"])
        Methodist.objects.filter(pk=methodist_a.pk).update(excluded_on=date(2024, 1, 1))

    with pytest.raises(ValidationError) as error:
        services.assign_teacher(methodist_a, person, by=regional_admin, starts_on=starts_on)

    assert error.value.message_dict[field] == [message]


def test_assign_teacher_by_regional_methodist_forbidden(two_orgs, region, methodist_a):
    user = factories.user_with_role(Role.REGIONAL_METHODIST, region)

    with pytest.raises(PermissionDenied):
        services.assign_teacher(methodist_a, teacher(two_orgs["org_a"]), by=user)


def test_assignment_ended_with_a_date(client, two_orgs, regional_admin, methodist_a):
    assignment = methodist_a.assignments.get()
    client.force_login(regional_admin)

    response = client.post(f"{LIST}assignments/{assignment.pk}/end/", {"ends_on": day(-1)})

    assignment.refresh_from_db()
    assert response.status_code == 302
    assert assignment.ends_on == today() - timedelta(days=1)
    assert audit_actions() == ["routes.methodist.assignment_ended"]


@pytest.mark.parametrize(
    ("ends_on", "message"),
    [
        (date(2024, 8, 31), "Дата окончания раньше начала закрепления (01.09.2024)."),
        (None, "Дата окончания не может быть в будущем."),
    ],
)
def test_assignment_end_refused(two_orgs, regional_admin, methodist_a, ends_on, message):
    assignment = methodist_a.assignments.get()

    with pytest.raises(ValidationError) as error:
        services.end_assignment(
            assignment, by=regional_admin, ends_on=ends_on or today() + timedelta(days=1)
        )

    assert error.value.message_dict == {"ends_on": [message]}


@pytest.mark.parametrize(
    ("user_key", "status"),
    [("admin", 200), ("reg_methodist", 403), ("mun_a", 403), ("mun_b", 404), ("outsider", 404)],
)
def test_assignment_end_page_by_role(client, users, methodist_a, user_key, status):
    client.force_login(users[user_key])
    assignment = methodist_a.assignments.get()

    assert client.get(f"{LIST}assignments/{assignment.pk}/end/").status_code == status


def test_teacher_assigned_from_the_list_without_methodist(
    client, two_orgs, regional_admin, methodist_a
):
    colleague = teacher(two_orgs["org_a"], last_name="Коллегова")
    client.force_login(regional_admin)
    form = client.get(f"{LIST}assignments/new/", {"person": colleague.pk}).context["form"]
    assert form.initial["person"] == colleague.pk

    response = client.post(
        f"{LIST}assignments/new/",
        {"methodist": methodist_a.pk, "person": colleague.pk, "starts_on": day()},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}unassigned/"
    assert MethodistAssignment.objects.get(person=colleague).methodist == methodist_a


# Teachers without a methodist ------------------------------------------------------------------


def test_unassigned_teachers_lists_teachers_without_methodist(client, two_orgs, regional_admin):
    methodist = methodist_in(two_orgs["org_a"])
    AssignmentFactory(methodist=methodist, person=two_orgs["person_a"])
    free = teacher(two_orgs["org_a"], last_name="Свободина")
    factories.EmploymentFactory(
        organization=two_orgs["org_a"], position=factories.position("Директор")
    )
    client.force_login(regional_admin)

    response = client.get(f"{LIST}unassigned/")

    assert sorted(p.last_name for p in response.context["object_list"]) == ["Бетова", "Свободина"]
    assert response.context["counts"] == {"total": 3, "assigned": 1, "unassigned": 2}
    assert free.pk in {p.pk for p in response.context["object_list"]}


def test_unassigned_teachers_filtered_by_municipality(client, two_orgs, regional_admin):
    client.force_login(regional_admin)

    response = client.get(f"{LIST}unassigned/", {"municipality": two_orgs["mun_b"].pk})

    assert [p.last_name for p in response.context["object_list"]] == ["Бетова"]


def test_unassigned_teachers_exports_xlsx(client, two_orgs, regional_admin):
    client.force_login(regional_admin)

    rows = xlsx_rows(client.get(f"{LIST}unassigned/", {"export": "xlsx", "sort": "last_name"}))

    assert rows == [
        ["ФИО", "Организация", "Муниципалитет", "Должность", "E-mail"],
        [two_orgs["person_a"].full_name, "Школа А", "Город А", "Учитель", None],
        [two_orgs["person_b"].full_name, "Школа Б", "Район Б", "Учитель", None],
    ]


@pytest.mark.parametrize("user_key", ["reg_methodist", "mun_a", "org_a"])
def test_unassigned_teachers_forbidden_without_the_permission(client, users, user_key):
    client.force_login(users[user_key])

    assert client.get(f"{LIST}unassigned/").status_code == 403


def test_unassigned_teachers_queries_do_not_grow_with_rows(client, two_orgs, regional_admin):
    client.force_login(regional_admin)
    with CaptureQueriesContext(connection) as two:
        assert len(client.get(f"{LIST}unassigned/").context["object_list"]) == 2

    for _ in range(4):
        teacher(two_orgs["org_a"], "Математика")
    with CaptureQueriesContext(connection) as six:
        assert len(client.get(f"{LIST}unassigned/").context["object_list"]) == 6

    assert len(six) == len(two)


# The balancing page ----------------------------------------------------------------------------


def test_balancing_page_shows_the_proposal(client, two_orgs, regional_admin):
    methodist = methodist_in(two_orgs["org_a"], "Математика")
    client.force_login(regional_admin)

    response = client.get(f"{LIST}balancing/")
    content = response.content.decode()

    proposal = response.context["proposal"]
    assert [(p.teacher_id, p.methodist_id) for p in proposal.placements] == [
        (two_orgs["person_a"].pk, methodist.pk)
    ]
    assert [u.teacher_id for u in proposal.unplaced] == [two_orgs["person_b"].pk]
    assert "В муниципалитете педагога и в регионе нет методистов актива" in content
    assert MethodistAssignment.objects.count() == 0


def test_balancing_applied_in_one_go(client, two_orgs, regional_admin):
    methodist = region_methodist(two_orgs["org_a"], "Математика")
    client.force_login(regional_admin)
    digest = client.get(f"{LIST}balancing/").context["proposal"].digest()

    response = client.post(f"{LIST}balancing/", {"digest": digest})

    assert response.status_code == 302
    assert sorted(
        MethodistAssignment.objects.filter(methodist=methodist).values_list("person", flat=True)
    ) == sorted([two_orgs["person_a"].pk, two_orgs["person_b"].pk])
    entry = AuditEntry.objects.get(action="routes.methodist.balanced")
    assert entry.data == {"assigned": 2, "load": 2, "starts_on": today().isoformat()}


def test_balancing_for_one_municipality(client, two_orgs, regional_admin):
    region_methodist(two_orgs["org_a"], "Математика")
    client.force_login(regional_admin)
    mun_b = two_orgs["mun_b"].pk
    digest = client.get(f"{LIST}balancing/", {"municipality": mun_b}).context["proposal"].digest()

    client.post(f"{LIST}balancing/", {"digest": digest, "municipality": mun_b})

    assert list(MethodistAssignment.objects.values_list("person", flat=True)) == [
        two_orgs["person_b"].pk
    ]


def test_balancing_with_changed_data_applies_nothing(client, two_orgs, regional_admin):
    methodist = region_methodist(two_orgs["org_a"], "Математика")
    client.force_login(regional_admin)
    digest = client.get(f"{LIST}balancing/").context["proposal"].digest()
    AssignmentFactory(methodist=methodist, person=two_orgs["person_b"])

    response = client.post(f"{LIST}balancing/", {"digest": digest})

    assert response.status_code == 200
    assert MethodistAssignment.objects.count() == 1
    assert "С момента расчёта закрепления изменились" in response.content.decode()


def test_apply_balancing_refuses_a_teacher_assigned_meanwhile(two_orgs, regional_admin):
    methodist = region_methodist(two_orgs["org_a"])
    AssignmentFactory(methodist=methodist, person=two_orgs["person_b"])
    placements = [
        Placement(two_orgs["person_a"].pk, methodist.pk, "region"),
        Placement(two_orgs["person_b"].pk, methodist.pk, "region"),
    ]

    with pytest.raises(ValidationError):
        services.apply_balancing(placements, by=regional_admin)

    assert MethodistAssignment.objects.count() == 1


def test_apply_balancing_never_goes_over_the_cap(two_orgs, regional_admin):
    methodist = region_methodist(two_orgs["org_a"], load_cap=1)
    placements = [
        Placement(two_orgs["person_a"].pk, methodist.pk, "region"),
        Placement(two_orgs["person_b"].pk, methodist.pk, "region"),
    ]

    with pytest.raises(ValidationError):
        services.apply_balancing(placements, by=regional_admin)

    assert MethodistAssignment.objects.count() == 0


def test_apply_balancing_refuses_a_teacher_outside_the_municipality(two_orgs, regional_admin):
    methodist = methodist_in(two_orgs["org_a"])
    placements = [Placement(two_orgs["person_b"].pk, methodist.pk, "municipality")]

    with pytest.raises(ValidationError):
        services.apply_balancing(placements, by=regional_admin)

    assert MethodistAssignment.objects.count() == 0


@pytest.mark.parametrize("user_key", ["reg_methodist", "mun_a", "org_a"])
def test_balancing_forbidden_without_the_permission(client, users, user_key):
    client.force_login(users[user_key])

    assert client.get(f"{LIST}balancing/").status_code == 403
    assert client.post(f"{LIST}balancing/").status_code == 403


# Demo ------------------------------------------------------------------------------------------


def build_demo(teachers, seed=1):
    context = DemoContext(rng=random.Random(seed), today=today(), teachers=teachers)
    build_demo_registry(context)
    build_demo_methodists(context)
    return context


def test_demo_methodists_cover_municipalities_and_leave_some_unassigned(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    context = build_demo(600)

    methodists = Methodist.objects.filter(region=context.region)
    loads = [m.assignments.filter(ends_on__isnull=True).count() for m in methodists.order_by("pk")]
    covered = set(methodists.values_list("municipality", flat=True))
    overloaded = [
        m for m in methodists if m.assignments.filter(ends_on__isnull=True).count() > m.load_cap
    ]
    assert 10 <= methodists.count() <= 12
    assert covered >= {m.pk for m in context.municipalities} | {None}
    assert len(overloaded) == 1
    assert sum(loads) > 0
    assert context.summary["  педагогов без методиста"] > 0


class Rollback(Exception):
    pass


def who(person):
    return (person.full_name, person.birth_date)


def demo_fingerprint(seed):
    """The demo asset of one small build, independent of primary keys; the build is undone."""
    try:
        with transaction.atomic():
            build_demo(150, seed)
            methodists = sorted(
                (who(m.person), m.municipality.oktmo if m.municipality else "", m.load_cap)
                for m in Methodist.objects.select_related("person", "municipality")
            )
            assignments = sorted(
                (who(a.methodist.person), who(a.person), a.starts_on)
                for a in MethodistAssignment.objects.select_related("methodist__person", "person")
            )
            raise Rollback
    except Rollback:
        return methodists, assignments


def test_demo_methodists_same_seed_same_rows(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    first = demo_fingerprint(3)

    assert first == demo_fingerprint(3)
    assert len(first[1]) > 50
