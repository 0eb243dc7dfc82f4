"""ФИС ФРДО in the browser: the provider's methodist opens the pre-check, fixes a document's
missing funding from its link, and downloads the «Шаблон ДПО», which then holds that document."""

from openpyxl import load_workbook
from playwright.sync_api import expect

from profrost.programs.models import FundingSource
from profrost.programs.register import COLUMNS
from tests.browser.conftest import login
from tests.programs.register_world import register_world

PASSWORD = "verno-123-parol"


def test_methodist_fixes_a_document_from_the_precheck_and_exports_it(page, live_server, two_orgs):
    world = register_world(two_orgs, two_orgs["org_a"].municipality.region)
    first = world["enrollments"][0]
    first.funding = None
    first.save()
    methodist = world["methodist"]
    methodist.set_password(PASSWORD)
    methodist.save()
    funding = FundingSource.objects.get(name__contains="субъектов")

    login(page, live_server, methodist.username, PASSWORD)
    page.goto(f"{live_server.url}/programs/register/")
    refused = page.locator("#register-refused")
    expect(refused).to_contain_text("Источник финансирования")
    expect(refused).to_contain_text(first.person.full_name)
    with page.expect_navigation():
        refused.get_by_role("link", name="Исправить").click()
    page.select_option("#id_funding", label=funding.name)
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Данные документа сохранены.")).to_be_visible()

    page.goto(f"{live_server.url}/programs/register/")
    expect(page.locator("#register-refused")).to_contain_text("Ошибок нет.")
    with page.expect_download() as download:
        page.get_by_role("button", name="Скачать «Шаблон ДПО»").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as file:
        sheet = load_workbook(file)["Шаблон ДПО"]
    rows = list(sheet.iter_rows(values_only=True))
    numbers = [row[COLUMNS.index("Номер документа")] for row in rows[1:]]
    assert first.document_number in numbers
    assert len(numbers) == 3
