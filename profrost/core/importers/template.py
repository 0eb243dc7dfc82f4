"""The XLSX template an importer offers for download, with its instruction sheet."""

import io
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from profrost.core.dates import format_date

from .reading import INSTRUCTION_SHEET

DATE_FORMAT = "DD.MM.YYYY"
TEXT_FORMAT = "@"


def template_xlsx(importer):
    """The XLSX template of an importer: its columns with an example row, and an instruction
    sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(importer.verbose_name)[:31]
    columns = [column for column in importer.columns if not column.fills]
    sheet.append([str(column.header) for column in columns])
    sheet.append([column.example for column in columns])
    required = PatternFill("solid", fgColor="FFF2CC")
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True)
        if column.required:
            header.fill = required
        if column.number_format:
            sheet.column_dimensions[letter].number_format = column.number_format
            sheet.cell(row=2, column=index).number_format = column.number_format
        sheet.column_dimensions[letter].width = max(len(str(column.header)), 14) + 2
    sheet.freeze_panes = "A2"
    _instruction_sheet(importer, workbook.create_sheet(INSTRUCTION_SHEET))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _instruction_sheet(importer, sheet):
    sheet.append([str(importer.verbose_name)])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in (*importer.instructions, *general_rules()):
        sheet.append([str(line)])
    sheet.append([])
    sheet.append([_("Столбец"), _("Обязательный"), _("Что указывать"), _("Пример")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in importer.columns:
        example = column.example
        sheet.append(
            [
                str(column.header),
                _("да") if column.required else _("нет"),
                str(column.help),
                format_date(example) if isinstance(example, date) else str(example),
            ]
        )
        sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(wrap_text=True)
    for letter, width in zip("ABCD", (40, 14, 80, 30), strict=True):
        sheet.column_dimensions[letter].width = width


def general_rules():
    return (
        _(
            "Заголовки столбцов — как в шаблоне, порядок столбцов любой. Над заголовками может "
            "быть название таблицы; заголовок может занимать две строки (объединённые ячейки)."
        ),
        _(
            "Данные можно разложить по нескольким листам с одинаковыми столбцами: загружаются все "
            "такие листы. Титульный лист без заголовков пропускается."
        ),
        _("Строку-пример под заголовками замените своими данными или удалите."),
        _(
            "Обязательные столбцы выделены цветом. Пустая ячейка необязательного столбца не "
            "стирает уже сохранённое значение."
        ),
        _("Даты: дд.мм.гггг (01.09.2020), дд.мм.гг или ячейка с форматом даты."),
        _("Да/нет: «да», «нет», «1», «0», «+», «-»."),
        _("Лишние пробелы не важны; при поиске совпадений не различаются «е» и «ё» и регистр."),
        _(
            "Повторяющиеся строки пропускаются; строки с одинаковым ключом, но разными данными, "
            "считаются ошибкой."
        ),
        _(
            "Сначала система проверяет весь файл и показывает, что будет создано и изменено. "
            "Если есть хотя бы одна ошибка, ничего не записывается."
        ),
        _("Файл можно загрузить повторно: записи, которые не изменились, не трогаются."),
        _("Можно загрузить и CSV (UTF-8 или Windows-1251, разделитель «;» или «,»)."),
    )
