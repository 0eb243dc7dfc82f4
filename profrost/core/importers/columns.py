"""Which declared column each header cell of the file stands for, on every data sheet."""

from django.utils.translation import gettext as _

from .cells import header_key, without_note
from .layout import ENOUGH_COLUMNS, RowNumber
from .plan import RowError


class HeaderMap:
    """The names of an importer's columns (header, aliases, the header without a note in
    brackets), and what each header cell of a file stands for."""

    def __init__(self, columns):
        self.columns = columns
        self.known = {}
        for column in columns:
            for name in (column.header, *column.aliases):
                self.known[header_key(name)] = column
        self.enough = min(ENOUGH_COLUMNS, len(columns))

    def column_for(self, cell):
        for name in cell.names:
            column = self.known.get(header_key(name)) or self.known.get(
                header_key(without_note(name))
            )
            if column is not None:
                return column
        return None

    def recognise(self, cell):
        column = self.column_for(cell)
        return column.key if column else None

    # A whole table.

    def map_table(self, table, plan):
        """{cell index: column} of each data sheet; the notes and errors of the headers."""
        for title in table.skipped:
            plan.notes.append(
                _(
                    "Лист «%(sheet)s» пропущен: на нём нет строки заголовков с известными "
                    "столбцами (титульный лист или пояснения)."
                )
                % {"sheet": title}
            )
        several = len(table.sheets) > 1
        mappings = [self.map_sheet(sheet, plan, several) for sheet in table.sheets]
        self.check_agreement(table, mappings, plan)
        self.check_required(table.sheets[0], mappings[0], plan, several)
        return mappings

    def map_sheet(self, sheet, plan, several):
        mapping = {}
        row = header_row(sheet, several)
        for cell in sheet.header.cells:
            if not cell.text:
                continue
            column = self.column_for(cell)
            if column is None:
                note = _("Столбец «%(header)s» не распознан и пропущен.") % {"header": cell.text}
                if note not in plan.notes:
                    plan.notes.append(note)
            elif column.key in {c.key for c in mapping.values()}:
                plan.errors.append(
                    RowError(row, cell.text, "", _("Столбец встречается в файле дважды."))
                )
            else:
                mapping[cell.index] = column
        return mapping

    def check_agreement(self, table, mappings, plan):
        """Every data sheet has the same columns, or the file is refused: rows of a sheet that
        lacks a column would be imported without it."""
        first = table.sheets[0]
        keys = covered(mappings[0])
        for sheet, mapping in zip(table.sheets[1:], mappings[1:], strict=True):
            other = covered(mapping)
            if other != keys:
                reason = self.disagreement(first.title, sheet.title, keys - other, other - keys)
                plan.errors.append(RowError(header_row(sheet, True), "", "", reason))

    def disagreement(self, first, other, missing, extra):
        parts = []
        if missing:
            parts.append(
                _("на листе «%(sheet)s» нет столбцов %(columns)s")
                % {"sheet": other, "columns": self.headers_of(missing)}
            )
        if extra:
            parts.append(
                _("на листе «%(sheet)s» есть столбцы %(columns)s, которых нет на листе «%(first)s»")
                % {"sheet": other, "columns": self.headers_of(extra), "first": first}
            )
        return _(
            "Листы «%(first)s» и «%(other)s» устроены по-разному: %(parts)s. Файл не загружен: "
            "приведите листы с данными к одним столбцам или загрузите каждый отдельным файлом."
        ) % {"first": first, "other": other, "parts": "; ".join(parts)}

    def headers_of(self, keys):
        return ", ".join(f"«{column.header}»" for column in self.columns if column.key in keys)

    def check_required(self, sheet, mapping, plan, several):
        present = covered(mapping)
        for column in self.columns:
            if column.required and column.key not in present:
                reason = _(
                    "В файле нет обязательного столбца «%(header)s». Заголовки прочитаны из "
                    "%(where)s."
                ) % {"header": column.header, "where": sheet.where()}
                plan.errors.append(
                    RowError(header_row(sheet, several), str(column.header), "", reason)
                )


def covered(mapping):
    """The columns a sheet gives values for: «ФИО» gives surname, name and patronymic."""
    return {key for column in mapping.values() for key in (column.fills or (column.key,))}


def header_row(sheet, several):
    return RowNumber(sheet.header.last_row, sheet.title if several else None)
