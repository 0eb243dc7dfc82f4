"""Reading an uploaded XLSX or CSV file into rows, within the bounds of core/spreadsheets.py."""

import csv
import io
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

from profrost.core.exporters import restore_text
from profrost.core.spreadsheets import ImportFileError, XlsxBook, bounded_rows, check_size

from .cells import clean_text

INSTRUCTION_SHEET = "Инструкция"


@dataclass
class Table:
    header_row: int
    headers: list
    rows: list  # (spreadsheet row number, cell values)


def read_table(content, filename):
    if not content:
        raise ImportFileError(_("Файл пуст."))
    check_size(len(content))
    rows = _read_rows(content, PurePath(filename or "").suffix.lower())
    return _split_header(_restored(rows))


def _restored(rows):
    # A file we exported reads back as it was: «'+7 900…» (see safe_text) is «+7 900…».
    return [(number, [restore_text(cell) for cell in cells]) for number, cells in rows]


def _read_rows(content, extension):
    if extension in (".xlsx", ".xlsm"):
        return _xlsx_rows(content)
    if extension in (".csv", ".txt"):
        return _csv_rows(content)
    if extension == ".xls":
        raise ImportFileError(
            _("Формат XLS (Excel 97–2003) не поддерживается. Сохраните файл как XLSX или CSV.")
        )
    raise ImportFileError(_("Поддерживаются файлы XLSX и CSV. Скачайте шаблон на этой странице."))


def _xlsx_rows(content):
    with XlsxBook(content) as book:
        titles = [title for title in book.titles if title != INSTRUCTION_SHEET]
        if not titles:
            raise ImportFileError(_("В файле нет листа с данными."))
        return book.rows(titles[0])


def _csv_rows(content):
    text = _decode(content)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first_line.count)
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


def _split_header(rows):
    filled = [(number, cells) for number, cells in rows if any(map(clean_text, cells))]
    if not filled:
        raise ImportFileError(_("Файл пуст: в нём нет ни заголовков, ни данных."))
    (header_row, headers), data = filled[0], filled[1:]
    if not data:
        raise ImportFileError(_("В файле нет данных: под строкой заголовков нет ни одной строки."))
    return Table(header_row, [clean_text(h) for h in headers], data)
