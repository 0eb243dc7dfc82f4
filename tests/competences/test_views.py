from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from profrost.competences.models import Competence, CompetenceGroup
from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from tests import factories


@pytest.fixture
def manager(region):
    """A regional methodist: holds MANAGE_COMPETENCES."""
    return factories.user_with_role(Role.REGIONAL_METHODIST, region)


@pytest.fixture
def outsider(db):
    """A user with no role at all."""
    return factories.UserFactory()


@pytest.fixture
def tree(db):
    """A group of its own with a parent, two children and a second root."""
    group = factories.CompetenceGroupFactory(code="zz-test", name="Группа ЗЗ", order=99)
    parent = factories.CompetenceFactory(group=group, code="ZZ.01", name="Проектирование", order=1)
    second = factories.CompetenceFactory(group=group, code="ZZ.02", name="Рефлексия", order=2)
    child_b = factories.CompetenceFactory(
        group=group, parent=parent, code="ZZ.01.2", name="Отбор заданий", order=2
    )
    child_a = factories.CompetenceFactory(
        group=group, parent=parent, code="ZZ.01.1", name="Постановка цели", order=1
    )
    return {
        "group": group,
        "parent": parent,
        "second": second,
        "child_a": child_a,
        "child_b": child_b,
    }


def competence_form(group, **overrides):
    data = {
        "group": group.pk,
        "parent": "",
        "code": "zz.10",
        "name": "Цифровая грамотность",
        "description": "Использование цифровых ресурсов на уроке.",
        "labour_function": "A/01.6",
        "order": 5,
        "is_active": "on",
    }
    data.update(overrides)
    return data


def measure(competence, region=None, title="Тест для связи"):
    instrument = factories.InstrumentFactory(title=title, region=region)
    return factories.choice_item(instrument, [competence], weight=2, text="Что такое цель урока?")


# The framework page


def test_competence_list_shows_children_right_under_their_parent(client, tree, org_admin_a):
    client.force_login(org_admin_a)
    response = client.get("/competences/", {"group": tree["group"].pk})
    rows = [(competence.code, depth) for competence, depth in response.context["rows"]]
    assert response.status_code == 200
    assert rows == [("ZZ.01", 0), ("ZZ.01.1", 1), ("ZZ.01.2", 1), ("ZZ.02", 0)]
    assert response.context["total_phrase"] == "4 компетенции"


def test_competence_list_searches_code_and_name(client, tree, org_admin_a):
    client.force_login(org_admin_a)
    by_code = client.get("/competences/", {"q": "zz.01.2"}).context["rows"]
    by_name = client.get("/competences/", {"q": "рефлексия"}).context["rows"]
    assert [(c.code, depth) for c, depth in by_code] == [("ZZ.01.2", 0)]
    assert [(c.code, depth) for c, depth in by_name] == [("ZZ.02", 0)]


def test_competence_list_filters_by_audience_and_use(client, tree, org_admin_a, region):
    manager_group = factories.CompetenceGroupFactory(
        code="zz-managers", name="Управленческие ЗЗ", audience="managers"
    )
    factories.CompetenceFactory(group=manager_group, code="ZZM.01", name="Управление ЗЗ")
    measure(tree["second"], region=region)
    client.force_login(org_admin_a)
    managers = client.get("/competences/", {"audience": "managers", "q": "ZZ"}).context["rows"]
    used = client.get("/competences/", {"group": tree["group"].pk, "measured": "true"})
    unused = client.get("/competences/", {"group": tree["group"].pk, "measured": "false"})
    assert [c.code for c, _depth in managers] == ["ZZM.01"]
    assert [c.code for c, _depth in used.context["rows"]] == ["ZZ.02"]
    assert [c.code for c, _depth in unused.context["rows"]] == ["ZZ.01", "ZZ.01.1", "ZZ.01.2"]


def test_competence_list_counts_only_instruments_the_user_sees(client, tree, org_admin_a, region):
    measure(tree["second"], region=region, title="Свой тест")
    measure(tree["second"], region=factories.RegionFactory(name="Другая"), title="Чужой тест")
    client.force_login(org_admin_a)
    rows = client.get("/competences/", {"q": "ZZ.02"}).context["rows"]
    assert [(c.code, c.instrument_count) for c, _depth in rows] == [("ZZ.02", 1)]


def test_competence_list_export_is_xlsx_in_tree_order(client, tree, org_admin_a):
    client.force_login(org_admin_a)
    response = client.get("/competences/", {"group": tree["group"].pk, "export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [row[:4] for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        ("Группа", "Код", "Название", "Входит в"),
        ("Группа ЗЗ", "ZZ.01", "Проектирование", None),
        ("Группа ЗЗ", "ZZ.01.1", "Постановка цели", "ZZ.01"),
        ("Группа ЗЗ", "ZZ.01.2", "Отбор заданий", "ZZ.01"),
        ("Группа ЗЗ", "ZZ.02", "Рефлексия", None),
    ]
    assert AuditEntry.objects.filter(action="competences.competence.exported").count() == 1


def test_competence_list_queries_do_not_grow_with_rows(client, tree, org_admin_a, region):
    for competence in (tree["parent"], tree["child_a"], tree["second"]):
        measure(competence, region=region)
    client.force_login(org_admin_a)
    counts = []
    for query in ("ZZ.02", "ZZ"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/competences/", {"q": query})
        counts.append((len(response.context["rows"]), len(captured)))
    assert counts[0][0] == 1
    assert counts[1][0] == 4
    assert counts[0][1] == counts[1][1]


def test_competence_list_shows_manage_buttons_only_to_managers(client, tree, manager, org_admin_a):
    client.force_login(manager)
    managed = client.get("/competences/").content.decode()
    client.force_login(org_admin_a)
    read_only = client.get("/competences/").content.decode()
    assert 'href="/competences/new/"' in managed
    assert 'href="/competences/groups/new/"' in managed
    assert 'href="/competences/new/"' not in read_only
    assert "/competences/groups/new/" not in read_only


def test_competence_list_is_empty_for_a_user_without_roles(client, tree, outsider):
    client.force_login(outsider)
    response = client.get("/competences/")
    assert response.status_code == 200
    assert response.context["rows"] == []


# The competence page


def test_competence_detail_shows_parent_children_and_measuring_items(
    client, tree, org_admin_a, region
):
    item = measure(tree["parent"], region=region, title="Тест по проектированию")
    measure(tree["parent"], region=factories.RegionFactory(name="Другая"), title="Чужой тест")
    client.force_login(org_admin_a)
    response = client.get(f"/competences/{tree['parent'].pk}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["children"]) == [tree["child_a"], tree["child_b"]]
    assert [link.item for link in response.context["links"]] == [item]
    assert "Тест по проектированию" in content
    assert "Чужой тест" not in content
    assert response.context["can_change"] is False
    assert f"/competences/{tree['parent'].pk}/edit/" not in content


def test_competence_detail_shows_a_teacher_instrument_titles_without_items(client, tree, two_orgs):
    measure(tree["parent"], title="Тест по проектированию")
    client.force_login(factories.teacher_user(two_orgs["person_a"]))
    response = client.get(f"/competences/{tree['parent'].pk}/")
    content = response.content.decode()
    assert response.context["show_items"] is False
    assert "Тест по проектированию" in content
    assert "1 вопрос" in content
    assert "Что такое цель урока?" not in content


def test_competence_detail_for_a_manager_offers_changes(client, tree, manager):
    client.force_login(manager)
    response = client.get(f"/competences/{tree['child_a'].pk}/")
    content = response.content.decode()
    assert response.context["can_change"] is True
    assert f"/competences/{tree['child_a'].pk}/edit/" in content
    assert f"/competences/{tree['child_a'].pk}/delete/" in content
    assert "Проектирование" in content  # the parent


def test_competence_detail_is_404_for_a_user_without_roles(client, tree, outsider):
    client.force_login(outsider)
    assert client.get(f"/competences/{tree['parent'].pk}/").status_code == 404


# Create, edit


def test_competence_create_by_manager_normalises_the_code(client, tree, manager):
    client.force_login(manager)
    response = client.post("/competences/new/", competence_form(tree["group"]))
    competence = Competence.objects.get(code="ZZ.10")
    assert response.status_code == 302
    assert response["Location"] == f"/competences/{competence.pk}/"
    assert (competence.name, competence.group) == ("Цифровая грамотность", tree["group"])
    entry = AuditEntry.objects.get(action="competences.competence.created")
    assert entry.object_id == str(competence.pk)


def test_competence_create_with_taken_code_is_refused(client, tree, manager):
    client.force_login(manager)
    response = client.post("/competences/new/", competence_form(tree["group"], code="zz.01"))
    assert response.status_code == 200
    assert "Компетенция с кодом ZZ.01 уже есть в справочнике." in response.content.decode()
    assert Competence.objects.filter(code="ZZ.01").count() == 1


def test_competence_create_with_cyrillic_code_is_refused(client, tree, manager):
    client.force_login(manager)
    response = client.post("/competences/new/", competence_form(tree["group"], code="МЕТ.01"))
    content = response.content.decode()
    assert "Код может содержать только латинские буквы, цифры, «.», «-», «_»." in content
    assert not Competence.objects.filter(name="Цифровая грамотность").exists()


def test_competence_create_under_a_parent_of_another_group_is_refused(client, tree, manager):
    other = factories.CompetenceGroupFactory(code="zz-other", name="Другая группа ЗЗ")
    client.force_login(manager)
    data = competence_form(other, parent=tree["parent"].pk)
    response = client.post("/competences/new/", data)
    assert "Вышестоящая компетенция должна быть из той же группы." in response.content.decode()


def test_competence_create_by_a_reader_is_forbidden(client, tree, org_admin_a):
    client.force_login(org_admin_a)
    assert client.get("/competences/new/").status_code == 403
    assert client.post("/competences/new/", competence_form(tree["group"])).status_code == 403
    assert not Competence.objects.filter(code="ZZ.10").exists()


def test_competence_create_by_a_user_without_roles_is_forbidden(client, tree, outsider):
    client.force_login(outsider)
    assert client.get("/competences/new/").status_code == 403


def test_competence_update_by_manager(client, tree, manager):
    client.force_login(manager)
    data = competence_form(tree["group"], code="ZZ.02", name="Рефлексия урока", is_active="")
    response = client.post(f"/competences/{tree['second'].pk}/edit/", data)
    tree["second"].refresh_from_db()
    assert response.status_code == 302
    assert (tree["second"].name, tree["second"].is_active) == ("Рефлексия урока", False)
    entry = AuditEntry.objects.get(action="competences.competence.updated")
    assert entry.data["fields"] == ["description", "is_active", "labour_function", "name", "order"]


def test_competence_update_into_its_own_child_is_refused(client, tree, manager):
    client.force_login(manager)
    data = competence_form(tree["group"], code="ZZ.01", parent=tree["child_a"].pk)
    response = client.post(f"/competences/{tree['parent'].pk}/edit/", data)
    assert "Компетенция не может входить сама в себя." in response.content.decode()
    tree["parent"].refresh_from_db()
    assert tree["parent"].parent is None


def test_competence_update_by_a_reader_is_forbidden(client, tree, org_admin_a):
    client.force_login(org_admin_a)
    assert client.get(f"/competences/{tree['second'].pk}/edit/").status_code == 403


def test_competence_update_by_a_user_without_roles_is_404(client, tree, outsider):
    client.force_login(outsider)
    assert client.get(f"/competences/{tree['second'].pk}/edit/").status_code == 404


# Delete


def test_competence_delete_unused_by_manager(client, tree, manager):
    client.force_login(manager)
    response = client.post(f"/competences/{tree['second'].pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == "/competences/"
    assert not Competence.objects.filter(code="ZZ.02").exists()
    assert AuditEntry.objects.filter(action="competences.competence.deleted").count() == 1


def test_competence_delete_of_a_measured_competence_is_refused(client, tree, manager, region):
    measure(tree["second"], region=region)
    client.force_login(manager)
    page = client.get(f"/competences/{tree['second'].pk}/delete/").content.decode()
    response = client.post(f"/competences/{tree['second'].pk}/delete/", follow=True)
    content = response.content.decode()
    assert "вопросов инструментов: 1" in page
    assert (
        "Компетенцию «ZZ.02» нельзя удалить: она используется (вопросов инструментов: 1). "
        "Чтобы убрать её из выбора, снимите отметку «Используется»." in content
    )
    assert Competence.objects.filter(code="ZZ.02").exists()


def test_competence_delete_of_a_parent_is_refused(client, tree, manager):
    client.force_login(manager)
    response = client.post(f"/competences/{tree['parent'].pk}/delete/", follow=True)
    assert "вложенных компетенций: 2" in response.content.decode()
    assert Competence.objects.filter(code="ZZ.01").exists()


def test_competence_delete_by_a_reader_is_forbidden(client, tree, org_admin_a):
    client.force_login(org_admin_a)
    assert client.post(f"/competences/{tree['second'].pk}/delete/").status_code == 403
    assert Competence.objects.filter(code="ZZ.02").exists()


# Groups


def test_group_create_update_and_delete_by_manager(client, manager):
    client.force_login(manager)
    data = {"code": "zz-digital", "name": "Цифровые ЗЗ", "audience": "all", "order": 9}
    created = client.post("/competences/groups/new/", data)
    group = CompetenceGroup.objects.get(code="zz-digital")
    updated = client.post(
        f"/competences/groups/{group.pk}/edit/", {**data, "name": "Цифровые компетенции ЗЗ"}
    )
    group.refresh_from_db()
    name = group.name
    deleted = client.post(f"/competences/groups/{group.pk}/delete/")
    assert [created.status_code, updated.status_code, deleted.status_code] == [302, 302, 302]
    assert name == "Цифровые компетенции ЗЗ"
    assert not CompetenceGroup.objects.filter(code="zz-digital").exists()
    actions = AuditEntry.objects.filter(action__startswith="competences.group.")
    assert sorted(actions.values_list("action", flat=True)) == [
        "competences.group.created",
        "competences.group.deleted",
        "competences.group.updated",
    ]


def test_group_create_with_taken_name_is_refused(client, tree, manager):
    client.force_login(manager)
    data = {"code": "zz-copy", "name": "Группа ЗЗ", "audience": "all", "order": 1}
    response = client.post("/competences/groups/new/", data)
    assert "Группа с таким названием уже есть." in response.content.decode()


def test_group_delete_with_competences_is_refused(client, tree, manager):
    client.force_login(manager)
    response = client.post(f"/competences/groups/{tree['group'].pk}/delete/", follow=True)
    assert (
        "Группу «Группа ЗЗ» нельзя удалить: в ней 4 компетенции. "
        "Сначала перенесите их в другую группу или удалите." in response.content.decode()
    )
    assert CompetenceGroup.objects.filter(pk=tree["group"].pk).exists()


def test_group_pages_are_forbidden_to_a_reader(client, tree, org_admin_a):
    client.force_login(org_admin_a)
    assert client.get("/competences/groups/new/").status_code == 403
    assert client.get(f"/competences/groups/{tree['group'].pk}/edit/").status_code == 403
    assert client.post(f"/competences/groups/{tree['group'].pk}/delete/").status_code == 403
