import pytest
from django.urls import NoReverseMatch, reverse

from profrost.core import context_processors
from profrost.core.roles import Perm, Role
from tests import factories


def menus(client, user):
    client.force_login(user)
    response = client.get("/")
    return {
        label: [title for title, _url in links]
        for label, _icon, links in response.context["nav_menus"]
    }


def test_navigation_regional_admin_sees_every_module(client, regional_admin):
    shown = menus(client, regional_admin)
    assert shown["Реестр"] == [
        "Муниципалитеты",
        "Организации",
        "Работники",
        "Аттестация",
        "Импорт организаций и работников",
        "Синонимы справочников",
        "Согласия на обработку ПДн",
        "Тексты согласия",
    ]
    assert "Журнал" in shown
    assert shown["Диагностика"] == [
        "Сводка по дефицитам",
        "Дефициты",
        "Результаты",
        "Кампании",
        "Инструменты",
        "Компетенции",
        "Импорт результатов",
    ]


def test_navigation_teacher_sees_only_own_pages(client, two_orgs):
    teacher = factories.teacher_user(two_orgs["person_a"])
    shown = menus(client, teacher)
    assert "Реестр" not in shown
    assert "Диагностика" not in shown
    assert "Кадры" not in shown
    assert shown["Моё"][:3] == ["Моя карточка", "Мои диагностики", "Моя карта дефицитов"]
    assert "Моё портфолио" in shown["Моё"]


def test_navigation_org_admin_has_no_journal_and_no_framework_import(client, org_admin_a):
    shown = menus(client, org_admin_a)
    assert "Журнал" not in shown
    assert "Импорт результатов" not in shown.get("Диагностика", [])


def test_navigation_municipal_methodist_imports_results(client, two_orgs):
    methodist = factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])
    shown = menus(client, methodist)
    assert "Реестр" in shown


def test_navigation_every_menu_entry_names_a_url():
    names = [
        name for _label, _icon, entries in context_processors.MENUS for _t, name, *_ in entries
    ]
    assert all(reverse(name).startswith("/") for name in names)


def test_navigation_misspelled_url_name_fails_loudly(rf, regional_admin, monkeypatch):
    misspelled = [
        ("Реестр", "building", [("Работники", "registry:persons", Perm.VIEW_REGISTRY, True)])
    ]
    monkeypatch.setattr(context_processors, "MENUS", misspelled)
    request = rf.get("/")
    request.user = regional_admin

    with pytest.raises(NoReverseMatch):
        context_processors.navigation(request)
