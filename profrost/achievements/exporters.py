"""The portfolio as an XLSX workbook: a title sheet and one sheet per section."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from profrost.core.exporters import append_table, fit_widths, workbook_bytes


def _sheet_title(title, used):
    base = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:31]
    name, number = base, 2
    while name in used:
        suffix = f" {number}"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(name)
    return name


def _fill(sheet, headers, rows):
    fit_widths(sheet, append_table(sheet, headers, rows))


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
    return workbook_bytes(workbook)
