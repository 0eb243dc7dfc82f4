"""Error pages: Russian, inside the site's layout, with a way back."""

import pytest
from django.test import Client

from profrost.core.roles import Role
from tests import factories

LAYOUT = ('<nav class="navbar', "ПрофРост", "На главную")
ENGLISH = ("Not Found", "Forbidden", "Server Error", "Bad Request", "CSRF verification")


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


@pytest.fixture
def teacher(db):
    person = factories.PersonFactory()
    return factories.user_with_role(Role.TEACHER, person=person)


def assert_error_page(response, status, heading):
    content = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="h3 mb-3">{heading}</h1>' in content
    for part in LAYOUT:
        assert part in content
    for english in ENGLISH:
        assert english not in content


def menu_shown(response):
    return 'id="mainnav"' in response.content.decode()


def test_error_page_404_is_russian_with_the_menu(org_admin_a, client):
    client.force_login(org_admin_a)

    response = client.get("/no-such-page/")

    assert_error_page(response, 404, "Страница не найдена")
    assert menu_shown(response)


def test_error_page_404_for_an_object_out_of_reach(org_admin_a, two_orgs, client):
    client.force_login(org_admin_a)

    response = client.get(f"/registry/organizations/{two_orgs['org_b'].pk}/")

    assert_error_page(response, 404, "Страница не найдена")


def test_error_page_403_is_russian_with_the_reason(org_admin_a, client):
    client.force_login(org_admin_a)

    response = client.get("/registry/municipalities/new/")

    assert_error_page(response, 403, "Доступ запрещён")
    assert "Недостаточно прав для создания записи." in response.content.decode()
    assert menu_shown(response)


def test_error_page_offers_the_way_back(org_admin_a, client):
    client.force_login(org_admin_a)

    response = client.get("/no-such-page/", HTTP_REFERER="http://testserver/registry/people/")

    assert 'href="http://testserver/registry/people/"' in response.content.decode()


def test_error_page_offers_no_way_back_to_another_site(org_admin_a, client):
    client.force_login(org_admin_a)

    response = client.get("/no-such-page/", HTTP_REFERER="https://elsewhere.example/")

    assert "elsewhere.example" not in response.content.decode()
    assert "Назад" not in response.content.decode()


def test_error_page_500_is_russian_inside_the_layout(teacher, client, settings):
    settings.ROOT_URLCONF = "tests.core.urls_failing"
    client.force_login(teacher)
    client.raise_request_exception = False

    response = client.get("/test-failing/")

    assert_error_page(response, 500, "Ошибка на сервере")
    assert "the page failed" not in response.content.decode()


def test_error_page_500_queries_nothing(teacher, client, settings, django_assert_num_queries):
    settings.ROOT_URLCONF = "tests.core.urls_failing"
    client.raise_request_exception = False

    # Only the session and the user, read by the middleware before the view fails.
    client.force_login(teacher)
    with django_assert_num_queries(2):
        assert client.get("/test-failing/").status_code == 500


def test_error_page_400_is_russian_inside_the_layout(teacher, client, settings):
    settings.ROOT_URLCONF = "tests.core.urls_failing"
    client.force_login(teacher)

    response = client.get("/test-suspicious/")

    assert_error_page(response, 400, "Неверный запрос")
    assert "not to be trusted" not in response.content.decode()


def test_error_page_csrf_failure_is_russian(org_admin_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org_admin_a)

    response = client.post("/accounts/logout/")

    assert_error_page(response, 403, "Форма устарела")
    assert menu_shown(response)


def test_error_page_csrf_failure_on_the_login_form(db):
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"login": "x", "password": "y"}
    )

    assert_error_page(response, 403, "Форма устарела")


def test_error_page_400_for_a_host_not_allowed(db, client):
    response = client.get("/", HTTP_HOST="evil.example", HTTP_REFERER="http://evil.example/")

    assert_error_page(response, 400, "Неверный запрос")
    assert "evil.example" not in response.content.decode()
