"""The importer base: cell normalisers, reading XLSX and CSV, header matching, duplicates."""

from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from profrost.core.exporters import write_xlsx
from profrost.core.importers import (
    CREATE,
    UNCHANGED,
    UPDATE,
    CellError,
    ImportColumn,
    Importer,
    ImportFileError,
    PlannedRow,
    clean_text,
    digits,
    match_key,
    parse_bool,
    parse_date,
    parse_list,
    read_table,
)
from profrost.core.roles import Perm
from profrost.registry.models import Region


def xlsx_bytes(rows, title="Данные"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class RegionImporter(Importer):
    """A small importer over regions, enough to exercise the base."""

    kind = "regions"
    verbose_name = "Регионы"
    perm = Perm.MANAGE_MUNICIPALITIES
    key_column = "name"
    columns = (
        ImportColumn("name", "Название региона", required=True, aliases=("регион",)),
        ImportColumn("code", "Код", help="Код региона", example="55"),
        ImportColumn("founded", "Дата образования", parse=parse_date, example=date(1934, 12, 7)),
    )

    def prepare(self, rows):
        self.existing = {match_key(r.name): r for r in Region.objects.all()}

    def plan_row(self, row):
        region = self.existing.get(match_key(row.values["name"]))
        if region is None:
            region = Region(name=row.values["name"], code=row.values.get("code") or "")
            return PlannedRow(row.number, CREATE, region.name, payload=region)
        changes = self.assign(region, {"code": row.values.get("code")})
        return PlannedRow(
            row.number, UPDATE if changes else UNCHANGED, region.name, "", changes, region
        )

    def write(self, planned):
        self.save(planned.payload)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01.09.2020", date(2020, 9, 1)),
        (" 1.9.2020 ", date(2020, 9, 1)),
        ("01/09/2020", date(2020, 9, 1)),
        ("01.09.20", date(2020, 9, 1)),
        ("15.03.85", date(1985, 3, 15)),
        ("2020-09-01", date(2020, 9, 1)),
        ("2020-09-01 00:00:00", date(2020, 9, 1)),
        ("01.09.2020 г.", date(2020, 9, 1)),
        (44075, date(2020, 9, 1)),
        (44075.0, date(2020, 9, 1)),
        ("44075", date(2020, 9, 1)),
        (datetime(2020, 9, 1, 0, 0), date(2020, 9, 1)),
        (date(2020, 9, 1), date(2020, 9, 1)),
        (None, None),
        ("  ", None),
    ],
)
def test_parse_date_accepts_the_usual_forms(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("31.02.2020", "Такой даты нет в календаре."),
        (
            "первое сентября",
            "Не удалось распознать дату. Укажите её в виде дд.мм.гггг, например 01.09.2020.",
        ),
        ("01.09.1812", "Дата вне допустимого диапазона (1900–2100 годы)."),
        (0, "Не удалось распознать дату. Укажите её в виде дд.мм.гггг, например 01.09.2020."),
    ],
)
def test_parse_date_rejects_what_is_not_a_date(value, reason):
    with pytest.raises(CellError) as error:
        parse_date(value)
    assert str(error.value) == reason


def test_clean_text_collapses_stray_and_non_breaking_spaces():
    assert clean_text("  Иванов\u00a0\u00a0 Иван \t Иванович ") == "Иванов Иван Иванович"


def test_clean_text_shows_numbers_and_dates_as_the_user_sees_them():
    assert [clean_text(1234.0), clean_text(12.5), clean_text(datetime(2020, 9, 1))] == [
        "1234",
        "12.5",
        "01.09.2020",
    ]


def test_match_key_ignores_yo_case_and_spaces_but_clean_text_keeps_yo():
    assert match_key("  СЕМЁНОВ  Пётр ") == match_key("семенов петр") == "семенов петр"
    assert clean_text("Семёнов") == "Семёнов"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("да", True),
        ("Да", True),
        ("1", True),
        (1, True),
        ("+", True),
        (True, True),
        ("нет", False),
        ("НЕТ", False),
        ("0", False),
        (0, False),
        ("-", False),
        (False, False),
        ("", None),
        (None, None),
    ],
)
def test_parse_bool_reads_russian_yes_and_no(value, expected):
    assert parse_bool(value) == expected


def test_parse_bool_rejects_other_words():
    with pytest.raises(CellError) as error:
        parse_bool("может быть")
    assert str(error.value) == "Ожидается «да» или «нет»."


def test_parse_list_splits_on_semicolons_and_commas():
    assert parse_list(" Математика;  Информатика ,Физика;; Математика") == [
        "Математика",
        "Информатика",
        "Физика",
    ]


def test_digits_strips_separators_and_pads_numeric_cells():
    assert digits(11)("123-456-789 01") == "12345678901"
    assert digits(10)(101234567) == "0101234567"
    assert digits(10)(7701234567.0) == "7701234567"
    assert digits(8, 11)(1234567) == "01234567"
    assert digits(8, 11)(1234567890) == "01234567890"


def test_read_table_csv_utf8_with_bom_and_semicolons():
    content = "\ufeffФамилия;Имя\nИванов;Иван\n".encode()
    table = read_table(content, "staff.csv")
    assert (table.headers, table.rows) == (["Фамилия", "Имя"], [(2, ["Иванов", "Иван"])])


def test_read_table_csv_utf8_without_bom_and_commas():
    content = 'Фамилия,Имя\n"Петров, мл.",Пётр\n'.encode()
    table = read_table(content, "staff.csv")
    assert table.rows == [(2, ["Петров, мл.", "Пётр"])]


def test_read_table_csv_cp1251_with_semicolons():
    content = "Фамилия;Имя\r\nСемёнова;Анна\r\n".encode("cp1251")
    table = read_table(content, "staff.CSV")
    assert (table.headers, table.rows) == (["Фамилия", "Имя"], [(2, ["Семёнова", "Анна"])])


def test_read_table_csv_tab_separated():
    content = "Фамилия\tИмя\nИванов\tИван\n".encode()
    assert read_table(content, "staff.txt").rows == [(2, ["Иванов", "Иван"])]


def test_read_table_xlsx_keeps_spreadsheet_row_numbers_and_skips_empty_rows():
    content = xlsx_bytes(
        [[None], ["Фамилия", "Имя"], ["Иванов", "Иван"], [None, None], ["Ок", "Ок"]]
    )
    table = read_table(content, "staff.xlsx")
    assert table.header_row == 2
    assert table.rows == [(3, ["Иванов", "Иван"]), (5, ["Ок", "Ок"])]


def test_read_table_xlsx_skips_the_instruction_sheet():
    workbook = Workbook()
    workbook.active.title = "Инструкция"
    workbook.active.append(["Это не данные"])
    data = workbook.create_sheet("Данные")
    data.append(["Фамилия"])
    data.append(["Иванов"])
    buffer = BytesIO()
    workbook.save(buffer)
    assert read_table(buffer.getvalue(), "f.xlsx").rows == [(2, ["Иванов"])]


def test_read_table_reads_an_exported_file_back_without_the_quoting_apostrophes():
    content = write_xlsx(
        ["Организация", "Телефон", "Примечание"],
        [["=Школа", "+7 900 000-00-01", "'-дважды"], ["Школа", "-", -5]],
    )
    table = read_table(content, "organizations.xlsx")
    assert table.rows == [
        (2, ["=Школа", "+7 900 000-00-01", "'-дважды"]),
        (3, ["Школа", "-", -5]),
    ]


def test_read_table_csv_saved_from_an_exported_file_loses_the_apostrophes_too():
    content = "Фамилия;Телефон\n'=Иванов;'+7 900 000-00-01\n".encode()
    assert read_table(content, "staff.csv").rows == [(2, ["=Иванов", "+7 900 000-00-01"])]


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "f.csv", "Файл пуст."),
        (b"abc", "f.pdf", "Поддерживаются файлы XLSX и CSV. Скачайте шаблон на этой странице."),
        (
            b"abc",
            "f.xls",
            "Формат XLS (Excel 97–2003) не поддерживается. Сохраните файл как XLSX или CSV.",
        ),
        (
            b"not a zip at all",
            "f.xlsx",
            "Не удалось прочитать файл XLSX: он повреждён или сохранён в другом формате.",
        ),
        (b";;\n;;\n", "f.csv", "Файл пуст: в нём нет ни заголовков, ни данных."),
        (
            "Фамилия;Имя\n".encode(),
            "f.csv",
            "В файле нет данных: под строкой заголовков нет ни одной строки.",
        ),
    ],
)
def test_read_table_explains_unreadable_files(content, filename, message):
    with pytest.raises(ImportFileError) as error:
        read_table(content, filename)
    assert str(error.value) == message


def test_read_table_refuses_files_over_the_size_limit(settings):
    settings.IMPORT_MAX_FILE_SIZE = 1024 * 1024
    with pytest.raises(ImportFileError) as error:
        read_table(b"x" * (1024 * 1024 + 1), "f.csv")
    assert str(error.value) == "Файл больше допустимого размера (1 МБ). Разделите его на части."


def test_plan_matches_headers_ignoring_case_yo_spaces_and_notes(db):
    content = "  РЕГИОН *;код;Дата образования (дд.мм.гггг);Примечание\nОмская область;55;;x\n"
    plan = RegionImporter().plan(content.encode(), "r.csv")
    assert plan.errors == []
    assert [(row.row, row.action, row.label) for row in plan.rows] == [
        (2, CREATE, "Омская область")
    ]
    assert plan.notes == ["Столбец «Примечание» не распознан и пропущен."]


def test_plan_reports_a_missing_required_column(db):
    plan = RegionImporter().plan("Код\n55\n".encode(), "r.csv")
    assert [(e.row, e.column, e.reason) for e in plan.errors] == [
        (
            1,
            "Название региона",
            "В файле нет обязательного столбца «Название региона». Заголовки прочитаны из "
            "строки 1.",
        )
    ]


def test_plan_collects_every_cell_error_with_row_column_value(db):
    content = "Название региона;Дата образования\n;01.01.1990\nОмская;32.13.2000\n"
    plan = RegionImporter().plan(content.encode(), "r.csv")
    assert [(e.row, e.column, e.value, e.reason) for e in plan.errors] == [
        (2, "Название региона", "", "Обязательное поле не заполнено."),
        (3, "Дата образования", "32.13.2000", "Такой даты нет в календаре."),
    ]


def test_plan_skips_exact_duplicates_and_rejects_conflicting_ones(db):
    content = "Регион;Код\nОмская;55\n омская ; 55\nТомская;70\nТомская;71\n"
    plan = RegionImporter().plan(content.encode(), "r.csv")
    assert plan.notes == ["Строка 3 повторяет строку 2 и пропущена."]
    assert plan.skipped == 1
    assert [(e.row, e.column, e.value, e.reason) for e in plan.errors] == [
        (
            5,
            "Название региона",
            "Томская",
            "Та же запись уже есть в строке 4, но с другими данными.",
        )
    ]


def test_apply_writes_everything_or_nothing(db):
    good = "Регион;Код\nОмская;55\nТомская;70\n".encode()
    bad = "Регион;Дата образования\nНовосибирская;никогда\n".encode()
    assert RegionImporter().apply(bad, "r.csv").ok is False
    assert Region.objects.count() == 0
    plan = RegionImporter().apply(good, "r.csv")
    assert plan.counts() == {"create": 2, "update": 0, "unchanged": 0, "skipped": 0, "errors": 0}
    assert sorted(Region.objects.values_list("name", "code")) == [
        ("Омская", "55"),
        ("Томская", "70"),
    ]


def test_apply_again_reports_unchanged_and_updates(db):
    RegionImporter().apply("Регион;Код\nОмская;55\n".encode(), "r.csv")
    again = RegionImporter().apply("Регион;Код\nОМСКАЯ;55\n".encode(), "r.csv")
    changed = RegionImporter().apply("Регион;Код\nОмская;56\n".encode(), "r.csv")
    assert again.counts()["unchanged"] == 1
    assert [(c.field, c.old, c.new) for c in changed.of(UPDATE)[0].changes] == [("Код", "55", "56")]
    assert Region.objects.get().code == "56"


def test_template_has_headers_an_example_and_an_instruction_sheet():
    workbook = load_workbook(BytesIO(RegionImporter().template_xlsx()))
    assert workbook.sheetnames == ["Регионы", "Инструкция"]
    sheet = workbook["Регионы"]
    assert [cell.value for cell in sheet[1]] == ["Название региона", "Код", "Дата образования"]
    assert [cell.value for cell in sheet[2]] == [None, "55", datetime(1934, 12, 7)]
    guide = list(workbook["Инструкция"].iter_rows(values_only=True))
    assert ("Код", "нет", "Код региона", "55") in guide
    assert ("Дата образования", "нет", None, "07.12.1934") in guide
