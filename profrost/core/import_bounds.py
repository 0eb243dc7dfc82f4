"""The bounds of an imported file and the Russian refusals that name them: the file's size,
rows, filled columns and cell length. core/spreadsheets.py holds an XLSX to them while it
streams the sheet, `bounded_rows` holds CSV rows to the same ones."""

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

MB = 1024 * 1024
LAST_COLUMN = 18_278  # ZZZ: past it a cell reference is not a spreadsheet's


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is shown to the user."""


def damaged():
    return ImportFileError(
        _("Не удалось прочитать файл XLSX: он повреждён или сохранён в другом формате.")
    )


def check_size(size):
    if size > settings.IMPORT_MAX_FILE_SIZE:
        raise ImportFileError(
            _("Файл больше допустимого размера (%(limit)s МБ). Разделите его на части.")
            % {"limit": settings.IMPORT_MAX_FILE_SIZE // MB}
        )


def _where(sheet, row):
    if sheet is None:
        return _("Строка %(row)s") % {"row": row}
    return _("Лист «%(sheet)s», строка %(row)s") % {"sheet": sheet, "row": row}


def too_many_rows(sheet, row):
    return ImportFileError(
        _(
            "%(where)s: в файле больше %(limit)s строк с данными (предел числа строк). "
            "Разделите файл на части."
        )
        % {"where": _where(sheet, row), "limit": settings.IMPORT_MAX_ROWS}
    )


def too_many_columns(sheet, row):
    return ImportFileError(
        _("%(where)s: больше %(limit)s столбцов (предел числа столбцов). Удалите лишние столбцы.")
        % {"where": _where(sheet, row), "limit": settings.IMPORT_MAX_COLUMNS}
    )


def too_long_cell(sheet, row, column, limit):
    return ImportFileError(
        _(
            "%(where)s, ячейка %(cell)s: больше %(limit)s знаков (предел длины ячейки). "
            "Сократите текст."
        )
        % {
            "where": _where(sheet, row),
            "cell": f"{get_column_letter(min(column, LAST_COLUMN))}{row}",
            "limit": limit,
        }
    )


def bounded_rows(rows):
    """CSV rows numbered from 1 and held to the bounds of a sheet."""
    max_rows = settings.IMPORT_MAX_ROWS + 1  # the header row comes on top of the data
    max_length = settings.IMPORT_MAX_CELL_LENGTH
    for number, cells in enumerate(rows, start=1):
        if number > max_rows:
            raise too_many_rows(None, number)
        filled = [index for index, cell in enumerate(cells, start=1) if cell]
        if filled and filled[-1] > settings.IMPORT_MAX_COLUMNS:
            raise too_many_columns(None, number)
        for index, cell in enumerate(cells, start=1):
            if len(cell) > max_length:
                raise too_long_cell(None, number, index, max_length)
        yield number, cells
