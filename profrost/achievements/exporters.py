"""The portfolio as an XLSX workbook: a title sheet and one sheet per section."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from profrost.core.exporters import excel_value

MAX_WIDTH = 60


def _sheet_title(title, used):
    base = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:31]
    name, number = base, 2
    while name in used:
        suffix = f" {number}"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(name)
    return name


def _fill(sheet, headers, rows):
    sheet.append([str(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(header)) for header in headers]
    for row in rows:
        values = [excel_value(value) for value in row]
        sheet.append(values)
        for index, value in enumerate(values):
            if hasattr(value, "year") and not isinstance(value, str):
                sheet.cell(row=sheet.max_row, column=index + 1).number_format = "DD.MM.YYYY"
            widths[index] = max(widths[index], min(len(str(value or "")), MAX_WIDTH))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "A2"


def portfolio_xlsx(person, organization, sections):
    workbook = Workbook()
    used = set()
    head = workbook.active
    head.title = _sheet_title(_("Портфолио"), used)
    _fill(
        head,
        [_("Сведения"), _("Значение")],
        [
            (_("ФИО"), person.full_name),
            (_("Организация"), organization or ""),
            (_("Дата формирования"), timezone.localdate()),
            *((section.title, len(section.rows)) for section in sections),
        ],
    )
    for section in sections:
        sheet = workbook.create_sheet(_sheet_title(section.title, used))
        _fill(sheet, section.headers, (row.cells for row in section.rows))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
