"""The portfolio as an XLSX workbook: a title sheet and one sheet per section."""

from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.exporters import fit_and_write_table, new_workbook, sheet_title, workbook_bytes


def portfolio_xlsx(person, organization, sections):
    workbook = new_workbook()
    used = set()
    fit_and_write_table(
        workbook,
        sheet_title(_("Портфолио"), used),
        [_("Сведения"), _("Значение")],
        [
            (_("ФИО"), person.full_name),
            (_("Организация"), organization or ""),
            (_("Дата формирования"), timezone.localdate()),
            *((section.title, len(section.rows)) for section in sections),
        ],
    )
    for section in sections:
        fit_and_write_table(
            workbook,
            sheet_title(section.title, used),
            section.headers,
            (row.cells for row in section.rows),
        )
    return workbook_bytes(workbook)
