from profrost.core.roles import Role
from profrost.registry.models import Employment
from tests import factories, rosters
from tests.browser.conftest import login

TARIFF_POSITION = "Должность по тарификации"


def roster_file(tmp_path, name, staff):
    """A roster with a title above the header and «Должность» called otherwise."""
    sheet = rosters.titled("Работники", staff)
    sheet.rows[2] = [TARIFF_POSITION if h == "Должность" else h for h in sheet.rows[2]]
    path = tmp_path / name
    path.write_bytes(rosters.workbook(sheet))
    return path


def check(page, path):
    page.set_input_files("#file-staff", str(path))
    with page.expect_navigation():
        page.locator("form[action$='/import/staff/']").get_by_role(
            "button", name="Проверить файл"
        ).click()


def test_a_mapped_column_is_remembered_for_the_next_file(page, live_server, two_orgs, tmp_path):
    org = two_orgs["org_a"]
    user = factories.user_with_role(Role.ORGANIZATION_ADMIN, org, password="verno-123-parol")
    first = rosters.people(org.inn, 2)
    second = rosters.people(org.inn, 1, start=3)

    login(page, live_server, user.username, "verno-123-parol")
    page.goto(f"{live_server.url}/registry/import/")
    check(page, roster_file(tmp_path, "september.xlsx", first))

    assert "Лист «Работники»: заголовки в строке 3" in page.locator("#import-layout").inner_text()
    assert page.get_by_role("button", name="Подтвердить импорт").count() == 0
    page.get_by_label(f"Столбец «{TARIFF_POSITION}»").select_option(label="Должность")
    with page.expect_navigation():
        page.get_by_role("button", name="Применить и проверить снова").click()
    assert "Файл проверен заново с вашими ответами." in page.content()
    with page.expect_navigation():
        page.get_by_role("button", name="Подтвердить импорт").click()
    assert Employment.objects.filter(person__last_name__in=[p.last for p in first]).count() == 2

    page.goto(f"{live_server.url}/registry/import/")
    check(page, roster_file(tmp_path, "october.xlsx", second))

    select = page.get_by_label(f"Столбец «{TARIFF_POSITION}»")
    assert select.locator("option:checked").inner_text() == "Должность"
    assert "сопоставлен так в прошлый раз" in page.locator("#import-columns").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Подтвердить импорт").click()
    assert Employment.objects.filter(person__last_name=second[0].last).exists()
