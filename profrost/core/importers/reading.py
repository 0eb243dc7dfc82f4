"""Reading an uploaded XLSX or CSV file into rows, within the bounds of core/spreadsheets.py."""

import csv
import io
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

from profrost.core.exporters import restore_text
from profrost.core.import_bounds import ImportFileError, bounded_rows, check_size
from profrost.core.spreadsheets import XlsxBook

from .cells import clean_text

INSTRUCTION_SHEET = "Инструкция"
SNIFFED_LINES = 20


@dataclass
class RawSheet:
    """The filled rows of one sheet as read, before the header is found. A CSV file is one sheet
    without a title."""

    title: str | None
    rows: list  # (spreadsheet row number, cell values)


def read_sheets(content, filename):
    """Every sheet of the file but the template's instruction sheet, its exported text restored."""
    if not content:
        raise ImportFileError(_("Файл пуст."))
    check_size(len(content))
    sheets = _read_sheets(content, PurePath(filename or "").suffix.lower())
    return [RawSheet(sheet.title, _filled(_restored(sheet.rows))) for sheet in sheets]


def _filled(rows):
    return [(number, cells) for number, cells in rows if any(map(clean_text, cells))]


def _restored(rows):
    # A file we exported reads back as it was: «'+7 900…» (see safe_text) is «+7 900…».
    return [(number, [restore_text(cell) for cell in cells]) for number, cells in rows]


def _read_sheets(content, extension):
    if extension in (".xlsx", ".xlsm"):
        return _xlsx_sheets(content)
    if extension in (".csv", ".txt"):
        return [RawSheet(None, _csv_rows(content))]
    if extension == ".xls":
        raise ImportFileError(
            _("Формат XLS (Excel 97–2003) не поддерживается. Сохраните файл как XLSX или CSV.")
        )
    raise ImportFileError(_("Поддерживаются файлы XLSX и CSV. Скачайте шаблон на этой странице."))


def _xlsx_sheets(content):
    with XlsxBook(content) as book:
        titles = [title for title in book.titles if title != INSTRUCTION_SHEET]
        if not titles:
            raise ImportFileError(_("В файле нет листа с данными."))
        return [RawSheet(title, book.rows(title)) for title in titles]


def _csv_rows(content):
    text = _decode(content)
    # The first lines, not the first one alone: a title line above the header has no delimiter.
    lines = [line for line in text.splitlines()[:SNIFFED_LINES] if line.strip()]
    delimiter = max(";,\t", key=lambda mark: sum(line.count(mark) for line in lines))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return list(bounded_rows(reader))
    except csv.Error as error:
        raise ImportFileError(
            _("Не удалось разобрать CSV: %(error)s. Проверьте кавычки и разделители.")
            % {"error": error}
        ) from error


def _decode(content):
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _("Не удалось определить кодировку файла. Сохраните CSV в кодировке UTF-8.")
    )
