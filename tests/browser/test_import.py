from profrost.core.roles import Role
from profrost.registry.models import Person
from tests import factories
from tests.browser.conftest import login

STAFF_CSV = (
    "Фамилия;Имя;Отчество;Дата рождения;СНИЛС;E-mail;Телефон;"
    "Начало педагогической деятельности;ИНН организации;Должность;Предметы;"
    "Основное место работы;Дата начала работы;Дата окончания\n"
    "Ёлкина;Дарья;Сергеевна;14.02.1999;112-233-445 95;elkina@example.org;;"
    "01.09.2021;{inn};учитель;Математика, Информатика;да;01.09.2021;\n"
)


def test_import_staff_file_through_the_page_shows_the_person(page, live_server, two_orgs, tmp_path):
    org = two_orgs["org_a"]
    user = factories.user_with_role(Role.ORGANIZATION_ADMIN, org, password="verno-123-parol")
    staff_file = tmp_path / "staff.csv"
    staff_file.write_text(STAFF_CSV.format(inn=org.inn), encoding="utf-8")

    login(page, live_server, user.username, "verno-123-parol")
    page.get_by_role("button", name="Реестр").click()
    page.get_by_role("link", name="Импорт организаций и работников").click()
    page.set_input_files("#file-staff", str(staff_file))
    with page.expect_navigation():
        page.locator("form[action$='/import/staff/']").get_by_role(
            "button", name="Проверить файл"
        ).click()
    assert "Ёлкина" in page.content()
    with page.expect_navigation():
        page.get_by_role("button", name="Подтвердить импорт").click()

    person = Person.objects.get(last_name="Ёлкина")
    page.goto(f"{live_server.url}/registry/people/?q=елкина")
    page.get_by_role("link", name="Ёлкина Дарья Сергеевна").click()
    assert page.locator("h1").inner_text().startswith("Ёлкина Дарья Сергеевна")
    assert "112-233-445 95" in page.content()
    assert page.url == f"{live_server.url}/registry/people/{person.pk}/"
