"""Reading XLSX and CSV files within bounds.

An XLSX file is a ZIP archive of XML parts. Its central directory is checked before anything is
unpacked (the total size, how densely each part is packed, the number of sheets); then a sheet
is read as a stream by expat, with bounds on rows, filled columns and cell length, so a hostile
file is refused at the first bound it crosses, with the sheet and row named. zipfile stops
unpacking a part at the size the directory declares, so the directory's figures hold.

openpyxl is not used to read: even read-only it builds a whole row before yielding it (a row of
200 000 cells cost 78 MB, one of 2 000 000 about 1.9 GB) and it parses the other parts of the
file as whole trees. Cell values are turned into Python values as openpyxl does, with its
helpers for number formats and Excel dates.

The bounds are settings (IMPORT_MAX_*), described in docs/import.md; the refusals that name
them are in core/import_bounds.py, shared with CSV.
"""

import io
import posixpath
import re
import zipfile
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

from .import_bounds import (
    LAST_COLUMN,
    MB,
    ImportFileError,
    check_size,
    damaged,
    too_long_cell,
    too_many_columns,
    too_many_rows,
)
from .text import count_phrase

CHUNK = 64 * 1024
# Only parts above this size are held to the packing ratio: a smaller part costs little
# however densely it is packed, and the total bound covers many of them.
RATIO_FLOOR = MB
# expat holds a tag whole until it ends, so a tag of millions of attributes would be held and
# then turned into a dict; no tag of a real file comes near this.
MAX_PENDING = MB
WORKSHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
NAMESPACE_END = "\x01"
SHEET_FORMS = ("лист", "листа", "листов")


# The archive ---------------------------------------------------------------------------------


def open_archive(content):
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    # A damaged or disguised file fails in many ways inside zipfile.
    except Exception as error:
        raise damaged() from error
    try:
        check_archive(archive.infolist())
    except ImportFileError:
        archive.close()
        raise
    return archive


def check_archive(members):
    """The figures of the central directory, before anything is unpacked."""
    limit = settings.IMPORT_MAX_UNCOMPRESSED_SIZE
    if sum(member.file_size for member in members) > limit:
        raise ImportFileError(
            _(
                "Файл XLSX в распакованном виде больше %(limit)s МБ (предел распакованного "
                "размера). Разделите его на части."
            )
            % {"limit": format(round(limit / MB, 1), "g")}
        )
    ratio = settings.IMPORT_MAX_COMPRESSION_RATIO
    for member in members:
        if member.file_size > max(RATIO_FLOOR, ratio * member.compress_size):
            raise ImportFileError(
                _(
                    "Часть «%(part)s» файла XLSX сжата в %(ratio)s раз (предел степени сжатия — "
                    "%(limit)s): распакованная, она заняла бы слишком много памяти. Обычные "
                    "таблицы так не сжимаются; сохраните файл заново в Excel или LibreOffice."
                )
                % {
                    "part": member.filename,
                    "ratio": member.file_size // max(member.compress_size, 1),
                    "limit": ratio,
                }
            )
    sheets = sum(1 for member in members if WORKSHEET_PART.fullmatch(member.filename))
    _check_sheet_count(sheets)


def _check_sheet_count(count):
    if count > settings.IMPORT_MAX_SHEETS:
        raise ImportFileError(
            _(
                "В файле XLSX %(count)s (предел числа листов — %(limit)s). Оставьте в файле "
                "только нужные листы."
            )
            % {"count": count_phrase(count, SHEET_FORMS), "limit": settings.IMPORT_MAX_SHEETS}
        )


# XML parts as streams ------------------------------------------------------------------------


def _local(name):
    return name.rpartition(NAMESPACE_END)[2]


def _refuse_doctype(*args):
    # No part of an XLSX file has a DTD, and entity bombs and external entities need one.
    raise damaged()


def _parser(start=None, end=None, text=None):
    parser = expat.ParserCreate(namespace_separator=NAMESPACE_END)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.buffer_text = True
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    return parser


def _feed(parser, stream):
    """Parse a part chunk by chunk, pausing after each chunk."""
    fed = 0
    while chunk := stream.read(CHUNK):
        parser.Parse(chunk, False)
        fed += len(chunk)
        # Outside a handler the index is just past the last event parsed.
        if fed - parser.CurrentByteIndex > MAX_PENDING:
            raise damaged()
        yield
    parser.Parse(b"", True)


def _parse_part(archive, path, **handlers):
    with archive.open(path) as stream:
        for _chunk in _feed(_parser(**handlers), stream):
            pass


def _relationships(archive, path):
    """{id: (type, part path)} of the relationships of the part at `path`."""
    folder, name = posixpath.split(path)
    found = {}

    def start(element, attrs):
        if _local(element) == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            if target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(folder, target))
            found[attrs.get("Id")] = (attrs.get("Type", ""), target)

    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels in archive.NameToInfo:
        _parse_part(archive, rels, start=start)
    return found


def _of_type(relationships, kind):
    return next((path for type_, path in relationships.values() if type_.endswith(kind)), None)


# The workbook --------------------------------------------------------------------------------


class _Shared(int):
    """A cell's index into the shared strings table, until the texts are read."""


class XlsxBook:
    """The sheets of an XLSX file by title, each read as a stream within the bounds.

    `max_cell_length` replaces IMPORT_MAX_CELL_LENGTH for a file whose cells are texts rather
    than records.
    """

    def __init__(self, content, *, max_cell_length=None):
        check_size(len(content))
        self.max_cell_length = max_cell_length or settings.IMPORT_MAX_CELL_LENGTH
        self.archive = open_archive(content)
        try:
            self._read_workbook()
        except ImportFileError:
            self.close()
            raise
        # A damaged file fails in many ways inside zipfile, expat and the values it holds.
        except Exception as error:
            self.close()
            raise damaged() from error

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        self.archive.close()

    @property
    def titles(self):
        return list(self.sheets)

    def _read_workbook(self):
        package = _relationships(self.archive, "")
        path = _of_type(package, "/officeDocument")
        if path is None:
            raise damaged()
        parts = _relationships(self.archive, path)
        entries = []
        self.epoch = WINDOWS_EPOCH

        def start(element, attrs):
            name = _local(element)
            if name == "sheet":
                entries.append((attrs.get("name", ""), _attribute(attrs, "id")))
                _check_sheet_count(len(entries))
            elif name == "workbookPr" and attrs.get("date1904") in ("1", "true"):
                self.epoch = MAC_EPOCH

        _parse_part(self.archive, path, start=start)
        self.sheets = {}
        for title, rel in entries:
            kind, target = parts.get(rel, ("", ""))
            if kind.endswith("/worksheet") and target in self.archive.NameToInfo:
                self.sheets[title] = target
        self.strings_path = _of_type(parts, "/sharedStrings")
        self.date_styles, self.timedelta_styles = _date_styles(
            self.archive, _of_type(parts, "/styles")
        )

    def rows(self, title):
        """[(row number, values from column A)] of the rows of the sheet with a value."""
        try:
            sheet = _Sheet(self, title)
            parser = _parser(start=sheet.start, end=sheet.end, text=sheet.text)
            with self.archive.open(self.sheets[title]) as stream:
                for _chunk in _feed(parser, stream):
                    if sheet.finished:
                        break
            if sheet.shared:
                self._fill_shared(sheet)
            return sheet.rows
        except ImportFileError:
            raise
        # A damaged file fails in many ways inside zipfile, expat and the values it holds.
        except Exception as error:
            raise damaged() from error

    def _fill_shared(self, sheet):
        texts = self._shared_strings(sheet)
        for _number, values in sheet.rows:
            for position, value in enumerate(values):
                if type(value) is _Shared:
                    values[position] = texts[value]

    def _shared_strings(self, sheet):
        """{index: text} of the shared strings the sheet uses. The sheet is read first so that
        a table of millions of strings no cell uses is neither kept nor read to its end."""
        reader = _SharedStrings(sheet, self.max_cell_length)
        last = max(sheet.shared)
        with self.archive.open(self.strings_path) as stream:
            parser = _parser(start=reader.start, end=reader.end, text=reader.text)
            for _chunk in _feed(parser, stream):
                if reader.index > last:
                    break
        return reader.texts


class _SharedStrings:
    """The expat handlers that collect the shared strings a sheet uses (`sheet.shared`: {index:
    (row, column) of the first cell using it}), each within the cell length bound."""

    def __init__(self, sheet, max_cell_length):
        self.sheet, self.wanted, self.max_cell_length = sheet, sheet.shared, max_cell_length
        self.texts, self.index = {}, 0
        self.chunks, self.length, self.collect, self.phonetic = [], 0, False, 0

    def start(self, element, attrs):
        name = _local(element)
        if name == "si":
            self.chunks, self.length = [], 0
        elif name == "rPh":
            self.phonetic += 1
        elif name == "t":
            self.collect = not self.phonetic

    def end(self, element):
        name = _local(element)
        if name == "si":
            if self.index in self.wanted:
                self.texts[self.index] = self._text(*self.wanted[self.index])
            self.index += 1
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "t":
            self.collect = False

    def text(self, data):
        if self.collect and self.index in self.wanted:
            self.length += len(data)
            if self.length <= self.max_cell_length:
                self.chunks.append(data)

    def _text(self, row, column):
        if self.length > self.max_cell_length:
            raise too_long_cell(self.sheet.title, row, column, self.max_cell_length)
        # As openpyxl reads it: «_x005F_» stands for a literal underscore.
        return "".join(self.chunks).replace("x005F_", "")


def _attribute(attrs, name):
    """An attribute by its local name, whatever its namespace prefix (r:id)."""
    return next((value for key, value in attrs.items() if _local(key) == name), None)


def _date_styles(archive, path):
    """The cell styles whose number format shows a date, and those that show a duration."""
    if path is None or path not in archive.NameToInfo:
        return set(), set()
    custom, formats = {}, []
    inside = set()  # of numFmts and cellXfs: the same tags elsewhere mean other things

    def start(element, attrs):
        name = _local(element)
        if name in ("numFmts", "cellXfs"):
            inside.add(name)
        elif name == "numFmt" and "numFmts" in inside:
            custom[int(attrs.get("numFmtId", 0))] = attrs.get("formatCode", "")
        elif name == "xf" and "cellXfs" in inside:
            formats.append(int(attrs.get("numFmtId", 0)))

    def end(element):
        inside.discard(_local(element))

    _parse_part(archive, path, start=start, end=end)
    codes = [custom.get(number) or builtin_format_code(number) for number in formats]
    dates = {index for index, code in enumerate(codes) if is_date_format(code)}
    durations = {index for index, code in enumerate(codes) if is_timedelta_format(code)}
    return dates, durations


class _Sheet:
    """expat handlers that turn <row> and <c> elements into rows of values, stopping at the
    first bound crossed."""

    def __init__(self, book, title):
        self.book, self.title = book, title
        self.rows = []
        self.shared = {}  # index of a shared string: (row, column) of its first cell
        self.max_rows = settings.IMPORT_MAX_ROWS + 1  # the header row comes on top of the data
        self.max_columns = settings.IMPORT_MAX_COLUMNS
        self.finished = False
        self.number = self.column = self.length = self.phonetic = 0
        self.values = self.cell = None
        self.chunks, self.collect = [], False

    def start(self, element, attrs):
        name = _local(element)
        if name == "c" and self.values is not None:
            self.open_cell(attrs)
        elif name == "row":
            self.open_row(attrs)
        elif name in ("v", "t") and self.cell is not None:
            self.collect = not self.phonetic
        elif name == "rPh":
            self.phonetic += 1

    def end(self, element):
        name = _local(element)
        if name == "c" and self.cell is not None:
            self.close_cell()
        elif name == "row" and self.values is not None:
            self.close_row()
        elif name in ("v", "t"):
            self.collect = False
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "sheetData":
            self.finished = True

    def text(self, data):
        if self.cell is not None and self.collect:
            self.length += len(data)
            if self.length > self.book.max_cell_length:
                raise too_long_cell(self.title, self.number, self.column, self.book.max_cell_length)
            self.chunks.append(data)

    def open_row(self, attrs):
        self.number = int(attrs["r"]) if "r" in attrs else self.number + 1
        if self.number > self.max_rows:
            raise too_many_rows(self.title, self.number)
        self.values = {}
        self.column = 0

    def close_row(self):
        if self.values:
            width = max(self.values)
            self.rows.append((self.number, [self.values.get(c) for c in range(1, width + 1)]))
        self.values = None

    def open_cell(self, attrs):
        reference = attrs.get("r")
        if reference:
            self.column = column_index_from_string(reference.rstrip("0123456789"))
        else:
            self.column += 1
        if self.column > LAST_COLUMN:
            raise too_many_columns(self.title, self.number)
        self.cell = (attrs.get("t", "n"), int(attrs.get("s", 0)))
        self.chunks, self.length, self.collect, self.phonetic = [], 0, False, 0

    def close_cell(self):
        value = self.value(*self.cell, "".join(self.chunks))
        self.cell = None
        if value is None or value == "":
            return
        if self.column > self.max_columns:
            raise too_many_columns(self.title, self.number)
        self.values[self.column] = value

    def value(self, kind, style, text):
        if kind in ("inlineStr", "str"):
            return text
        if not text:
            return None
        if kind == "s":
            index = _Shared(text)
            self.shared.setdefault(index, (self.number, self.column))
            return index
        if kind == "b":
            return bool(int(text))
        if kind == "e":
            return text
        if kind == "d":
            return from_ISO8601(text)
        number = float(text) if any(mark in text for mark in ".eE") else int(text)
        if style in self.book.date_styles:
            try:
                return from_excel(
                    number, self.book.epoch, timedelta=style in self.book.timedelta_styles
                )
            except (OverflowError, ValueError):
                return "#VALUE!"  # as openpyxl shows a date out of Excel's range
        return number
