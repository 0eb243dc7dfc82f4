"""Real layouts: a title above the header, a two-level merged header, a cover sheet, data on two
sheets, sheets that disagree; the preview names the sheet and the header row."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from profrost.core.importers import CREATE, ImportFileError, preview_import, read_table
from profrost.core.models import ImportBatchStatus
from profrost.core.roles import Role
from profrost.registry.importers import StaffImporter
from profrost.registry.models import Employment, OrganizationKind, Person
from tests import factories, rosters


@pytest.fixture
def world(two_orgs):
    school = two_orgs["org_a"]
    kindergarten = factories.OrganizationFactory(
        municipality=two_orgs["mun_a"],
        short_name="МБДОУ «Детский сад № 5»",
        kind=OrganizationKind.KINDERGARTEN,
    )
    methodist = factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])
    return {"school": school, "kindergarten": kindergarten, "methodist": methodist}


def planned(plan):
    return [(row.row, getattr(row.row, "sheet", None), row.action) for row in plan.rows]


def errors_of(plan):
    return [(e.row, getattr(e.row, "sheet", None), e.column, e.reason) for e in plan.errors]


def test_a_title_above_the_header_is_passed_over(world):
    staff = rosters.people(world["school"].inn, 3)
    content = rosters.workbook(rosters.titled("Работники", staff))

    plan = StaffImporter(world["methodist"]).apply(content, "roster.xlsx")

    assert errors_of(plan) == []
    assert planned(plan) == [(4, None, CREATE), (5, None, CREATE), (6, None, CREATE)]
    assert plan.layout == {
        "sheets": [{"title": "Работники", "header": "3", "rows": 3}],
        "skipped": [],
    }
    assert Person.objects.filter(last_name__in=[p.last for p in staff]).count() == 3


def test_a_merged_two_level_header_is_flattened(world):
    staff = rosters.people(world["school"].inn, 2)
    content = rosters.workbook(rosters.two_level("Педагоги", staff))

    plan = StaffImporter(world["methodist"]).apply(content, "roster.xlsx")

    assert errors_of(plan) == []
    assert plan.layout["sheets"] == [{"title": "Педагоги", "header": "1–2", "rows": 2}]
    assert plan.notes == ["Столбец «№ п/п» не распознан и пропущен."]
    person = Person.objects.get(last_name=staff[0].last)
    assert (person.first_name, person.middle_name) == (staff[0].first, staff[0].middle)
    assert Employment.objects.filter(person=person, organization=world["school"]).exists()


def test_the_flattened_header_reads_as_top_and_bottom_cells():
    content = rosters.workbook(rosters.two_level("Педагоги", rosters.people("7701234567", 1)))

    table = read_table(content, "roster.xlsx", recognise=lambda cell: cell.text or None)

    assert table.headers[:6] == [
        "№ п/п",
        "ФИО / Фамилия",
        "ФИО / Имя",
        "ФИО / Отчество",
        "Дата рождения",
        "Место работы / ИНН организации",
    ]


def test_a_cover_sheet_before_the_data_is_skipped_with_a_note(world):
    staff = rosters.people(world["school"].inn, 2)
    content = rosters.workbook(rosters.cover(), rosters.plain("Работники", staff))

    plan = StaffImporter(world["methodist"]).plan(content, "roster.xlsx")

    assert errors_of(plan) == []
    assert planned(plan) == [(2, None, CREATE), (3, None, CREATE)]
    assert plan.layout == {
        "sheets": [{"title": "Работники", "header": "1", "rows": 2}],
        "skipped": ["Титульный лист"],
    }
    assert plan.notes == [
        "Лист «Титульный лист» пропущен: на нём нет строки заголовков с известными столбцами "
        "(титульный лист или пояснения)."
    ]


def test_people_on_two_sheets_are_all_imported(world):
    schools = rosters.people(world["school"].inn, 4)
    gardens = rosters.people(world["kindergarten"].inn, 2, start=4, position="Воспитатель")
    for person in gardens:
        person.subjects = "Дошкольное образование"
    content = rosters.workbook(
        rosters.titled("Школы", schools), rosters.two_level("Детские сады", gardens)
    )

    plan = StaffImporter(world["methodist"]).apply(content, "roster.xlsx")

    assert errors_of(plan) == []
    assert plan.layout == {
        "sheets": [
            {"title": "Школы", "header": "3", "rows": 4},
            {"title": "Детские сады", "header": "1–2", "rows": 2},
        ],
        "skipped": [],
    }
    assert planned(plan) == [
        (4, "Школы", CREATE),
        (5, "Школы", CREATE),
        (6, "Школы", CREATE),
        (7, "Школы", CREATE),
        (3, "Детские сады", CREATE),
        (4, "Детские сады", CREATE),
    ]
    assert Employment.objects.filter(organization=world["kindergarten"]).count() == 2
    assert plan.summary()["rows"]["create"][4]["sheet"] == "Детские сады"


def test_errors_on_several_sheets_name_the_sheet_and_row(world):
    schools = rosters.people(world["school"].inn, 2)
    gardens = rosters.people(world["kindergarten"].inn, 1, start=3)
    gardens[0].birth = "31.02.1990"
    content = rosters.workbook(rosters.plain("Школы", schools), rosters.plain("Сады", gardens))

    plan = StaffImporter(world["methodist"]).plan(content, "roster.xlsx")

    assert errors_of(plan) == [(2, "Сады", "Дата рождения", "Такой даты нет в календаре.")]
    assert str(plan.errors[0].row) == "2 (лист «Сады»)"
    assert plan.summary()["errors"][0] == {
        "row": 2,
        "sheet": "Сады",
        "column": "Дата рождения",
        "value": "31.02.1990",
        "reason": "Такой даты нет в календаре.",
    }


def test_a_repeat_on_another_sheet_names_both_sheets(world):
    staff = rosters.people(world["school"].inn, 1)
    content = rosters.workbook(rosters.plain("Школы", staff), rosters.plain("Ещё", staff))

    plan = StaffImporter(world["methodist"]).plan(content, "roster.xlsx")

    assert plan.notes == ["Строка 2 (лист «Ещё») повторяет строку 2 (лист «Школы») и пропущена."]


def test_sheets_with_different_columns_refuse_the_file(world):
    schools = rosters.people(world["school"].inn, 2)
    gardens = rosters.people(world["kindergarten"].inn, 2, start=2)
    gardens_sheet = rosters.plain("Детские сады", gardens, without=["Предметы"])
    content = rosters.workbook(rosters.plain("Школы", schools), gardens_sheet)

    plan = StaffImporter(world["methodist"]).apply(content, "roster.xlsx")

    assert errors_of(plan) == [
        (
            1,
            "Детские сады",
            "",
            "Листы «Школы» и «Детские сады» устроены по-разному: на листе «Детские сады» нет "
            "столбцов «Предметы». Файл не загружен: приведите листы с данными к одним столбцам "
            "или загрузите каждый отдельным файлом.",
        )
    ]
    assert plan.rows == []
    assert not Person.objects.filter(last_name__in=[p.last for p in schools + gardens]).exists()


def test_a_missing_column_names_the_sheet_and_the_header_row(world):
    header = [h for h in rosters.FLAT_HEADER if h != "Должность"]
    rows = [[rosters.TITLE], header, ["Андреева", "Ольга", "", "12.04.1981", "7701234567", "", ""]]
    content = rosters.workbook(rosters.Sheet("Школы", rows))

    plan = StaffImporter(world["methodist"]).plan(content, "roster.xlsx")

    assert errors_of(plan) == [
        (
            2,
            None,
            "Должность",
            "В файле нет обязательного столбца «Должность». Заголовки прочитаны из строки 2 "
            "листа «Школы».",
        )
    ]


def test_a_csv_with_a_title_line_finds_its_header():
    content = ("Список работников\nФамилия,Имя,Отчество\nАндреева,Ольга,Викторовна\n").encode()

    table = read_table(content, "roster.csv", recognise=lambda cell: cell.text or None)

    assert (table.header_row, table.rows) == (2, [(3, ["Андреева", "Ольга", "Викторовна"])])


def test_the_sheets_together_are_held_to_the_bound_of_rows(world, settings):
    settings.IMPORT_MAX_ROWS = 5
    content = rosters.workbook(
        rosters.plain("Школы", rosters.people(world["school"].inn, 3)),
        rosters.plain("Сады", rosters.people(world["kindergarten"].inn, 3, start=3)),
    )

    with pytest.raises(ImportFileError) as error:
        StaffImporter(world["methodist"]).plan(content, "roster.xlsx")

    assert str(error.value) == (
        "Лист «Сады», строка 4: в файле больше 5 строк с данными (предел числа строк). "
        "Разделите файл на части."
    )


def test_the_preview_names_the_sheets_and_header_rows(client, world):
    content = rosters.workbook(
        rosters.cover(),
        rosters.titled("Школы", rosters.people(world["school"].inn, 2)),
        rosters.two_level("Детские сады", rosters.people(world["kindergarten"].inn, 1, start=3)),
    )
    client.force_login(world["methodist"])

    response = client.post(
        reverse("registry:import_upload", args=["staff"]),
        {"file": SimpleUploadedFile("roster.xlsx", content)},
        follow=True,
    )

    page = response.content.decode()
    assert response.context["batch"].status == ImportBatchStatus.PREVIEWED
    assert (
        "Лист «Школы»: заголовки в строке 3, строк с данными: 2; "
        "Лист «Детские сады»: заголовки в строках 1–2, строк с данными: 1." in page
    )
    assert "Лист «Титульный лист» пропущен" in page
    assert "<td>Детские сады, 3</td>" in page


def test_a_well_formed_file_reads_as_before(world):
    staff = rosters.people(world["school"].inn, 2)
    batch = preview_import(
        StaffImporter(world["methodist"]),
        rosters.workbook(rosters.plain("Работники", staff)),
        "roster.xlsx",
    )
    assert batch.summary["layout"] == {
        "sheets": [{"title": "Работники", "header": "1", "rows": 2}],
        "skipped": [],
    }
    assert [row["row"] for row in batch.summary["rows"]["create"]] == [2, 3]
    assert "sheet" not in batch.summary["rows"]["create"][0]
