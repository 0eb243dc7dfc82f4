from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from profrost.achievements import portfolio
from profrost.achievements.portfolio import Row, Section
from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.diagnostics.models import CompetenceResult
from tests import factories


def record_result(person, competence, day, percent, level):
    return CompetenceResult.objects.create(
        person=person,
        competence=competence,
        source="import",
        source_title=f"Федеральная диагностика {day:%Y}",
        measured_on=day,
        score=percent,
        max_score=100,
        percent=percent,
        level=level,
    )


def test_portfolio_gathers_the_persons_records(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    response = client.get(f"/achievements/people/{ach['person_a'].pk}/portfolio/")

    content = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Портфолио: " + ach["person_a"].full_name,
        "Первая квалификационная категория",
        "Учитель года",
        "Победитель",
        "Смысловое чтение",
        "Жюри конкурса",
        "Добавить публикацию",
    ):
        assert text in content
    assert "Публикация Бетовой" not in content


def test_portfolio_of_person_out_of_scope_not_found(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    assert client.get(f"/achievements/people/{ach['person_b'].pk}/portfolio/").status_code == 404
    assert (
        client.get(f"/achievements/people/{ach['person_b'].pk}/portfolio/print/").status_code == 404
    )


def test_portfolio_of_colleague_not_found_for_teacher(ach, client):
    client.force_login(ach["teacher_a"])

    assert client.get(f"/achievements/people/{ach['person_b'].pk}/portfolio/").status_code == 404


def test_my_portfolio_redirects_teacher_to_own(ach, client):
    client.force_login(ach["teacher_a"])

    response = client.get("/achievements/my/portfolio/")

    assert response["Location"] == f"/achievements/people/{ach['person_a'].pk}/portfolio/"
    content = client.get(response["Location"]).content.decode()
    assert "Моё портфолио" in content
    assert "Добавить экспертную деятельность" not in content


def test_my_portfolio_without_person_record_explains(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    response = client.get("/achievements/my/portfolio/", follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert "не связана с карточкой работника" in response.content.decode()


def test_portfolio_diagnostics_section_shows_latest_level_per_competence(ach, org_admin_a):
    competence = factories.CompetenceFactory(code="T.MET", name="Проектирование урока")
    record_result(ach["person_a"], competence, date(2024, 3, 1), 40, "deficit")
    record_result(ach["person_a"], competence, date(2025, 3, 1), 80, "proficient")

    section = portfolio.diagnostics_section(ach["person_a"], org_admin_a)

    assert [row.cells[1:4] for row in section.rows] == [
        ["Проектирование урока", "Сформирована", 80.0]
    ]


def test_portfolio_diagnostics_section_left_out_without_permission(ach):
    methodist = factories.user_with_role(Role.MUNICIPAL_METHODIST, ach["mun_a"])
    keys = [section.key for section in portfolio.build(ach["person_a"], methodist)]

    # Sections of other modules (events, programs) follow these.
    assert keys[:5] == ["attestations", "competitions", "publications", "expert", "diagnostics"]
    nobody = factories.UserFactory()
    assert portfolio.diagnostics_section(ach["person_a"], nobody) is None


def test_portfolio_takes_sections_of_other_modules(ach, org_admin_a, client):
    def events(person, user):
        return Section("events", "Мероприятия", ["Мероприятие"], [Row(["Семинар ШМО"])], "Нет.")

    portfolio.SECTIONS.append(events)
    try:
        client.force_login(org_admin_a)
        content = client.get(f"/achievements/people/{ach['person_a'].pk}/portfolio/").content
    finally:
        portfolio.SECTIONS.remove(events)

    assert "Семинар ШМО" in content.decode()


def test_portfolio_export_has_a_sheet_per_section(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    response = client.get(
        f"/achievements/people/{ach['person_a'].pk}/portfolio/", {"export": "xlsx"}
    )

    workbook = load_workbook(BytesIO(response.content))
    sections = portfolio.build(ach["person_a"], org_admin_a)
    assert len(workbook.sheetnames) == 1 + len(sections)
    assert workbook.sheetnames[:6] == [
        "Портфолио",
        "Аттестация",
        "Конкурсы профессионального маст",
        "Публикации",
        "Экспертная деятельность",
        "Результаты диагностики професси",
    ]
    competitions = [list(row) for row in workbook.worksheets[2].iter_rows(values_only=True)]
    assert competitions[1] == [
        "Учитель года",
        "Региональный",
        2025,
        "Финал",
        "Победитель",
        None,
        "Школа А",
    ]
    head = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    assert head[1:3] == [["ФИО", ach["person_a"].full_name], ["Организация", "Школа А"]]
    assert AuditEntry.objects.filter(action="achievements.portfolio.exported").count() == 1


def test_portfolio_print_view_has_every_section(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    content = client.get(f"/achievements/people/{ach['person_a'].pk}/portfolio/print/").content

    text = content.decode()
    assert "Портфолио педагогического работника" in text
    assert "data-print" in text  # the «Печать» button (static/js/profrost.js prints)
    assert text.count("<h2>") == len(portfolio.build(ach["person_a"], org_admin_a))
