"""The «Шаблон ДПО» file of ФИС ФРДО: the register's columns A–AN in its order, every cell a
text cell, the values of the classifiers offered as lists (docs/frdo.md)."""

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from profrost.core.exporters import BOLD, add_sheet, append_row, new_workbook, workbook_bytes
from profrost.registry.models import Country, Gender

from .models import DocumentStatus, DppType, FundingSource, RegisterDocumentKind, RegisterStudyForm
from .register import COLUMNS

TEXT = "@"
SHEET = "Шаблон ДПО"
LISTS = "Списки"
WIDTH = 24


def value_lists():
    """(column index, values) of the columns the register checks against a classifier."""
    active = {"is_active": True}
    return [
        (COLUMNS.index("Вид документа"), RegisterDocumentKind.objects.filter(**active)),
        (COLUMNS.index("Статус документа"), DocumentStatus.labels),
        (COLUMNS.index("Дополнительная профессиональная программа (вид)"), DppType.labels),
        (COLUMNS.index("Пол получателя"), Gender.labels),
        (COLUMNS.index("Форма обучения"), RegisterStudyForm.objects.filter(**active)),
        (COLUMNS.index("Источник финансирования обучения"), FundingSource.objects.filter(**active)),
        (
            COLUMNS.index("Гражданство получателя (код страны по ОКСМ)"),
            Country.objects.filter(**active).values_list("code", flat=True),
        ),
    ]


def add_lists(workbook, sheet, rows):
    """A hidden sheet of the value lists, one per column, and a dropdown on each such column of
    the document rows. Written column by column as rows of the hidden sheet, so that a
    write-only workbook can hold it."""
    lists = add_sheet(workbook, LISTS)
    lists.sheet_state = "hidden"
    for number, (index, values) in enumerate(value_lists(), start=1):
        values = [str(value) for value in values]
        append_row(lists, values, number_format=TEXT)
        last = get_column_letter(max(len(values), 1))
        validation = DataValidation(
            type="list", formula1=f"'{LISTS}'!$A${number}:${last}${number}", allow_blank=True
        )
        column = get_column_letter(index + 1)
        validation.add(f"{column}2:{column}{max(rows, 1) + 1}")
        sheet.data_validations.append(validation)


def register_xlsx(rows):
    """The file of the given rows (lists of texts, in the order of COLUMNS)."""
    workbook = new_workbook()
    sheet = add_sheet(workbook, SHEET, [WIDTH] * len(COLUMNS))
    sheet.freeze_panes = "A2"
    append_row(sheet, COLUMNS, font=BOLD, number_format=TEXT)
    for row in rows:
        append_row(sheet, row, number_format=TEXT)
    add_lists(workbook, sheet, len(rows))
    return workbook_bytes(workbook)
