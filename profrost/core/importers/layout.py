"""Real layouts: where the header is, which sheets hold the data.

Offices do not send the template. The header is the row, among the first HEADER_SEARCH_ROWS
filled rows of a sheet, in which the most column names are recognised; a title above it is
passed over. A two-level header (a top cell merged over several columns, the names below it) is
flattened: the top cell is carried to the right over the empty cells of its row and joined with
the cell below, «ФИО / Фамилия». Every sheet with a recognisable header is a data sheet; a
sheet without one (a cover, an instruction) is skipped and named in the notes.

`recognise(cell)` is the importer's: the column key a header cell stands for, or None.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from profrost.core.import_bounds import ImportFileError, too_many_rows

from .cells import clean_text
from .reading import read_sheets

HEADER_SEARCH_ROWS = 20
ENOUGH_COLUMNS = 2  # a header recognised in fewer columns is a cover sheet's text


class RowNumber(int):
    """A spreadsheet row number that knows its sheet when the data is on several sheets. It
    compares as the number, and reads «5 (лист «Школы»)» in messages."""

    def __new__(cls, number, sheet=None):
        row = super().__new__(cls, number)
        row.sheet = sheet
        return row

    def __str__(self):
        if not self.sheet:
            return str(int(self))
        return _("%(row)s (лист «%(sheet)s»)") % {"row": int(self), "sheet": self.sheet}

    def __reduce__(self):
        return (RowNumber, (int(self), self.sheet))


@dataclass(frozen=True)
class HeaderCell:
    """One column's header: one cell, or the top and bottom cells of a two-level header."""

    index: int
    upper: str = ""
    lower: str = ""

    @property
    def text(self):
        return " / ".join(part for part in (self.upper, self.lower) if part)

    @property
    def names(self):
        """What the header may be called, most specific first: the whole, the bottom cell
        alone («ФИО / Фамилия» is «Фамилия»), the two read as one phrase («Дата» over
        «рождения»)."""
        if not (self.upper and self.lower):
            return (self.text,) if self.text else ()
        return (self.text, self.lower, f"{self.upper} {self.lower}")


@dataclass
class Header:
    first_row: int
    last_row: int
    cells: list
    keys: frozenset  # the recognised columns

    @property
    def rows_label(self):
        if self.first_row == self.last_row:
            return str(self.first_row)
        return f"{self.first_row}–{self.last_row}"


@dataclass
class DataSheet:
    title: str | None
    header: Header
    rows: list = field(default_factory=list)  # (RowNumber, cell values)

    def where(self):
        """«строки 2 листа «Школы»»: where the header was read, as the messages say it."""
        rows = self.header.rows_label
        line = _("строк %(rows)s") if "–" in rows else _("строки %(rows)s")
        if self.title is None:
            return line % {"rows": rows}
        return _("%(line)s листа «%(sheet)s»") % {
            "line": line % {"rows": rows},
            "sheet": self.title,
        }


@dataclass
class Table:
    sheets: list  # DataSheet
    skipped: list = field(default_factory=list)  # titles of sheets without a header

    @property
    def header_row(self):
        return self.sheets[0].header.last_row

    @property
    def headers(self):
        return [cell.text for cell in self.sheets[0].header.cells]

    @property
    def rows(self):
        return [row for sheet in self.sheets for row in sheet.rows]

    def describe(self):
        """What the preview says of the layout: the sheets read, their header rows."""
        sheets = [
            {"title": sheet.title or "", "header": sheet.header.rows_label, "rows": len(sheet.rows)}
            for sheet in self.sheets
        ]
        return {"sheets": sheets, "skipped": list(self.skipped)}


def read_table(content, filename, recognise=None, enough=ENOUGH_COLUMNS):
    """The data sheets of the file with their headers. Without `recognise` the first filled
    row of a sheet is its header."""
    raw = [sheet for sheet in read_sheets(content, filename) if sheet.rows]
    if not raw:
        raise ImportFileError(_("Файл пуст: в нём нет ни заголовков, ни данных."))
    found = [(sheet, find_header(sheet.rows, recognise)) for sheet in raw]
    data = [(sheet, header) for sheet, header in found if len(header.keys) >= enough]
    if not data:
        data = [max(found, key=lambda pair: len(pair[1].keys))]
    several = len(data) > 1
    read = [sheet.title for sheet, _header in data]
    table = Table(
        [_data_sheet(sheet, header, several) for sheet, header in data],
        [sheet.title for sheet, _header in found if sheet.title not in read],
    )
    _check_rows(table)
    return table


def _data_sheet(sheet, header, several):
    title = sheet.title if several else None
    rows = [
        (RowNumber(number, title), cells)
        for number, cells in sheet.rows
        if number > header.last_row
    ]
    return DataSheet(sheet.title, header, rows)


def _check_rows(table):
    if not table.rows:
        raise ImportFileError(_("В файле нет данных: под строкой заголовков нет ни одной строки."))
    # Each sheet is held to the bound as it is read; the sheets together are held to it here.
    limit = settings.IMPORT_MAX_ROWS
    if len(table.rows) > limit:
        number, _cells = table.rows[limit]
        raise too_many_rows(number.sheet or table.sheets[-1].title, int(number))


def find_header(rows, recognise=None):
    """The header among the first filled rows: one row, or two read as a two-level header,
    whichever recognises the most columns (the first of equals)."""
    if recognise is None:
        return _header(rows[0][0], rows[0][0], single(rows[0][1]), _named)
    best = None
    top = rows[:HEADER_SEARCH_ROWS]
    for position, (number, cells) in enumerate(top):
        candidates = [(number, single(cells))]
        above = top[position - 1] if position else None
        if above and above[0] == number - 1:
            candidates.append((above[0], flattened(above[1], cells)))
        for first, header_cells in candidates:
            header = _header(first, number, header_cells, recognise)
            if best is None or len(header.keys) > len(best.keys):
                best = header
    return best


def _named(cell):
    return cell.text or None


def _header(first, last, cells, recognise):
    keys = frozenset(key for key in map(recognise, cells) if key)
    return Header(first, last, cells, keys)


def single(cells):
    return [HeaderCell(index, lower=clean_text(cell)) for index, cell in enumerate(cells)]


def flattened(upper_cells, lower_cells):
    """A two-level header as one: a top cell is carried to the right over the empty cells of
    its row; a column whose bottom cell is empty takes its own top cell (a cell merged down)."""
    width = max(len(upper_cells), len(lower_cells))
    upper = [clean_text(cell) for cell in upper_cells] + [""] * (width - len(upper_cells))
    lower = [clean_text(cell) for cell in lower_cells] + [""] * (width - len(lower_cells))
    cells, carried = [], ""
    for index in range(width):
        own = upper[index]
        carried = own or carried
        if lower[index]:
            cells.append(HeaderCell(index, carried, lower[index]))
        else:
            cells.append(HeaderCell(index, lower=own))
    return cells
