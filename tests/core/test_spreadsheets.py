"""Reading XLSX and CSV within bounds: the values openpyxl reads, and every hostile file refused
at the first bound it crosses, with the bound named, in little memory."""

from datetime import date, datetime, time
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from profrost.core.importers import read_table
from profrost.core.spreadsheets import ImportFileError, XlsxBook
from tests import hostile_files

MB = 1024 * 1024
DAMAGED = "Не удалось прочитать файл XLSX: он повреждён или сохранён в другом формате."
RATIO = "(предел степени сжатия — 100): распакованная, она заняла бы слишком много памяти."


def refused(call):
    """The message of the ImportFileError `call` raises and the peak of memory it took, MB."""
    raised = []

    def attempt():
        with pytest.raises(ImportFileError) as error:
            call()
        raised.append(str(error.value))

    peak = hostile_files.peak_of(attempt)
    return raised[0], peak


def rows_of(workbook):
    """The rows openpyxl reads, as the bounded reader gives them: filled rows only, numbered,
    without the empty cells at their end."""
    buffer = BytesIO()
    workbook.save(buffer)
    sheets = {}
    for sheet in load_workbook(BytesIO(buffer.getvalue()), read_only=True, data_only=True):
        sheet.reset_dimensions()
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = list(values)
            while values and values[-1] is None:
                values.pop()
            if values:
                rows.append((number, values))
        sheets[sheet.title] = rows
    return buffer.getvalue(), sheets


@pytest.mark.parametrize("epoch", [None, CALENDAR_MAC_1904])
def test_xlsx_book_reads_the_values_openpyxl_reads(epoch):
    workbook = Workbook()
    if epoch:
        workbook.epoch = epoch
    sheet = workbook.active
    sheet.title = "Данные"
    sheet.append(["Текст", "Число", "Дробь", "Дата", "Дата и время", "Да/нет", "Время", "Формула"])
    sheet.append(["Семёнова  Анна", 42, 3.25, date(1990, 3, 15), datetime(2020, 9, 1, 13, 30)])
    sheet.append([None, -7, 1e20, "01.09.2020", " пробелы ", False, time(8, 15), "=B3*2"])
    sheet["D5"] = 44075
    sheet["D5"].number_format = "DD.MM.YYYY"
    sheet["E5"] = 0.5
    sheet["E5"].number_format = "0%"
    sheet["Z7"] = "далеко\nс переносом"
    workbook.create_sheet("Инструкция").append(["Как заполнить"])
    content, expected = rows_of(workbook)
    with XlsxBook(content) as book:
        assert {title: book.rows(title) for title in book.titles} == expected
    assert expected["Данные"][1][1][3] == datetime(1990, 3, 15)


def test_xlsx_book_reads_shared_and_rich_strings_without_phonetic_runs():
    rich = (
        '<c r="B2" t="inlineStr"><is><r><t>Семё</t></r><r><t>нова</t></r>'
        "<rPh><t>x</t></rPh></is></c>"
    )
    content = hostile_files.workbook(
        [
            (
                "Лист",
                [
                    hostile_files.header_row(),
                    f'<row r="2"><c r="A2" t="s"><v>1</v></c>{rich}</row>',
                ],
            )
        ],
        shared_strings=["Не нужна", "Анна"],
    )
    with XlsxBook(content) as book:
        assert book.rows("Лист")[1] == (2, ["Анна", "Семёнова"])


def test_xlsx_book_ignores_empty_formatted_cells_past_the_column_bound():
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>Иванова</t></is></c><c r="ZZ2" s="1"/></row>'
    content = hostile_files.workbook([("Лист", [hostile_files.header_row(), row])])
    with XlsxBook(content) as book:
        assert book.rows("Лист")[1] == (2, ["Иванова"])


def test_a_long_text_no_cell_of_the_sheet_uses_does_not_matter():
    rows = [hostile_files.header_row(), '<row r="2"><c r="A2" t="s"><v>0</v></c></row>']
    content = hostile_files.workbook([("Лист", rows)], shared_strings=["Иванова", "Ж" * 5000])
    assert read_table(content, "staff.xlsx").rows == [(2, ["Иванова"])]


ATTACKS = [
    (
        "zip_bomb",
        hostile_files.zip_bomb,
        "Файл XLSX в распакованном виде больше 100 МБ (предел распакованного размера). "
        "Разделите его на части.",
    ),
    ("ratio_bomb", hostile_files.ratio_bomb, RATIO),
    ("repeated_wide_row", hostile_files.repeated_wide_row, RATIO),
    (
        "wide_row",
        hostile_files.wide_row,
        "Лист «Работники», строка 2: больше 200 столбцов (предел числа столбцов). Удалите "
        "лишние столбцы.",
    ),
    (
        "long_cell",
        hostile_files.long_cell,
        "Лист «Работники», строка 2, ячейка B2: больше 2000 знаков (предел длины ячейки). "
        "Сократите текст.",
    ),
    (
        "long_shared_cell",
        lambda: hostile_files.long_cell(shared=True),
        "Лист «Работники», строка 2, ячейка B2: больше 2000 знаков (предел длины ячейки). "
        "Сократите текст.",
    ),
    (
        "many_sheets",
        hostile_files.many_sheets,
        "В файле XLSX 200 листов (предел числа листов — 50). Оставьте в файле только нужные листы.",
    ),
    ("giant_tag", hostile_files.giant_tag, DAMAGED),
    ("billion_laughs", hostile_files.billion_laughs, DAMAGED),
    ("external_entity", hostile_files.external_entity, DAMAGED),
]


@pytest.mark.parametrize(("attack", "make", "message"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_read_table_refuses_a_hostile_xlsx_at_its_bound_in_little_memory(attack, make, message):
    content = make()
    text, peak = refused(lambda: read_table(content, "staff.xlsx"))
    assert message in text
    assert peak < 200


def test_read_table_names_the_part_packed_too_densely():
    text, _peak = refused(lambda: read_table(hostile_files.ratio_bomb(), "staff.xlsx"))
    assert text.startswith("Часть «xl/worksheets/sheet1.xml» файла XLSX сжата в ")


def test_read_table_refuses_the_row_past_the_bound_of_rows(settings):
    settings.IMPORT_MAX_ROWS = 10
    rows = hostile_files.long_cell_rows(rows=20, length=5)
    content = hostile_files.workbook([("Работники", rows)])
    text, _peak = refused(lambda: read_table(content, "staff.xlsx"))
    assert text == (
        "Лист «Работники», строка 12: в файле больше 10 строк с данными (предел числа строк). "
        "Разделите файл на части."
    )


def test_read_table_bounds_follow_the_settings(settings):
    settings.IMPORT_MAX_CELL_LENGTH = 20  # the longest header has 18 letters
    settings.IMPORT_MAX_UNCOMPRESSED_SIZE = MB // 2
    text, _peak = refused(lambda: read_table(hostile_files.long_cell(length=21), "staff.xlsx"))
    assert text.startswith("Лист «Работники», строка 2, ячейка B2: больше 20 знаков")
    text, _peak = refused(lambda: read_table(hostile_files.long_cell(), "staff.xlsx"))
    assert text.startswith("Файл XLSX в распакованном виде больше 0.5 МБ")


def test_read_table_holds_csv_to_the_bounds_of_columns_and_cell_length():
    wide = "Фамилия;Имя\n" + "а;" * 300 + "\n"
    long = "Фамилия;Имя\nИванова;" + "ж" * 2001 + "\n"
    text, _peak = refused(lambda: read_table(wide.encode(), "staff.csv"))
    assert text == "Строка 2: больше 200 столбцов (предел числа столбцов). Удалите лишние столбцы."
    text, _peak = refused(lambda: read_table(long.encode(), "staff.csv"))
    assert text == (
        "Строка 2, ячейка B2: больше 2000 знаков (предел длины ячейки). Сократите текст."
    )


def test_read_table_accepts_csv_rows_with_empty_cells_past_the_column_bound():
    content = ("Фамилия;Имя\nИванова;Анна" + ";" * 300 + "\n").encode()
    assert read_table(content, "staff.csv").rows[0][1][:2] == ["Иванова", "Анна"]
