"""The one way a table leaves the system: an exporter writes XLSX with real numbers and dates."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    return str(value)


def write_xlsx(headers, rows, title="Лист1"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in headers]
    for row in rows:
        values = [excel_value(v) for v in row]
        sheet.append(values)
        for index, value in enumerate(values):
            if isinstance(value, datetime):
                sheet.cell(row=sheet.max_row, column=index + 1).number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(value, date):
                sheet.cell(row=sheet.max_row, column=index + 1).number_format = "DD.MM.YYYY"
            widths[index] = max(widths[index], min(len(str(value or "")), 60))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
