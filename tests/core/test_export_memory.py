"""A large export keeps its memory flat: write-only sheets stream rows to a temporary file, so
20 000 rows take about what 5 000 take. Memory is asserted here, time never is (benchmarks/)."""

import tempfile
import tracemalloc
from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from profrost.core.exporters import write_xlsx

HEADERS = ["ФИО", "Организация", "Дата решения", "Стаж"]
# Far above the ≈0.5 MB measured, far below what holding 20 000 rows of cells would take.
PEAK_BOUND = 8 * 1024 * 1024


def generated_rows(count):
    for number in range(count):
        yield [
            f"Иванова-{number} Анна Петровна",
            f"МБОУ СОШ № {number % 500}",
            date(2020, 1, 1 + number % 28),
            number % 40,
        ]


def export_peak(count):
    """The peak of memory allocated while `count` rows are written to a file."""
    with tempfile.TemporaryFile() as out:
        tracemalloc.start()
        try:
            write_xlsx(HEADERS, generated_rows(count), "Работники", out=out)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def test_export_peak_memory_does_not_grow_with_rows():
    small, large = export_peak(5_000), export_peak(20_000)

    assert large < PEAK_BOUND
    # Four times the rows: memory that grew with them would be about four times as large.
    assert large < 1.5 * small


def test_export_to_a_file_writes_every_row():
    with tempfile.TemporaryFile() as out:
        write_xlsx(HEADERS, generated_rows(300), "Работники", out=out)
        out.seek(0)
        sheet = load_workbook(BytesIO(out.read())).active

    assert sheet.max_row == 301
    assert [cell.value for cell in sheet[301]][:2] == [
        "Иванова-299 Анна Петровна",
        "МБОУ СОШ № 299",
    ]
    assert sheet.auto_filter.ref == "A1:D301"
    assert sheet.freeze_panes == "A2"
