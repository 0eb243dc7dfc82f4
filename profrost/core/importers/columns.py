"""Which declared column each header cell of the file stands for, on every data sheet, and the
columns the preview asks the user about."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .cells import header_key, without_note
from .layout import ENOUGH_COLUMNS, RowNumber
from .mapping import SKIP, suggest_column
from .plan import RowError


@dataclass
class ColumnQuestion:
    """A header the importer does not know, or one of two headers taken for the same column:
    the preview offers a select of the importer's columns for it."""

    key: str  # the header as compared, and the key of the user's answer
    header: str
    column: str  # the column key it is loaded as now, or SKIP
    hint: str

    def as_dict(self):
        return {"key": self.key, "header": self.header, "field": self.column, "hint": self.hint}


class HeaderMap:
    """The names of an importer's columns (header, aliases, the header without a note in
    brackets), the user's choices, and what each header cell of a file stands for."""

    def __init__(self, columns, chosen=None, remembered=()):
        self.columns = columns
        self.by_key = {column.key: column for column in columns}
        self.known = {}
        for column in columns:
            for name in (column.header, *column.aliases):
                self.known[header_key(name)] = column
        self.chosen = chosen or {}  # header key: column key or SKIP
        self.remembered = set(remembered)  # chosen in an earlier file, not in this preview
        self.enough = min(ENOUGH_COLUMNS, len(columns))
        self.questions = {}

    def known_column(self, cell):
        for name in cell.names:
            column = self.known.get(header_key(name)) or self.known.get(
                header_key(without_note(name))
            )
            if column is not None:
                return column
        return None

    def column_for(self, cell):
        """The column the cell is loaded as, and whether the user chose it."""
        key = header_key(cell.text)
        if key in self.chosen:
            return self.by_key.get(self.chosen[key]), True
        return self.known_column(cell), False

    def recognise(self, cell):
        column, _chosen = self.column_for(cell)
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
        mapping, taken, unknown = {}, {}, []
        for cell in sheet.header.cells:
            if not cell.text:
                continue
            column, chosen = self.column_for(cell)
            if chosen:
                self.ask(cell, column, self.chosen_hint(cell))
            if column is None:
                if not chosen:
                    unknown.append(cell)
            elif column.key in taken:
                reason = _("Столбец встречается в файле дважды.")
                plan.errors.append(RowError(header_row(sheet, several), cell.text, "", reason))
                self.ask_twice(taken[column.key], cell, column)
            else:
                mapping[cell.index] = column
                taken[column.key] = cell
        for cell in unknown:
            self.unknown(cell, plan, taken)
        return mapping

    def ask_twice(self, first, cell, column):
        # The same header twice cannot be told apart by a mapping: the file has to change.
        if header_key(first.text) == header_key(cell.text):
            return
        hint = _("два столбца загружаются как «%(column)s»") % {"column": column.header}
        self.ask(first, column, hint)
        self.ask(cell, column, hint)

    def unknown(self, cell, plan, taken):
        note = _("Столбец «%(header)s» не распознан и пропущен.") % {"header": cell.text}
        if note not in plan.notes:
            plan.notes.append(note)
        # The likely column is named, not chosen: «Стаж» is like «педагогический стаж с» but
        # holds years, not a date.
        free = {key: column.key for key, column in self.known.items() if column.key not in taken}
        suggested = self.by_key.get(suggest_column(header_key(cell.text), free))
        hint = _("не распознан")
        if suggested:
            hint = _("не распознан; похож на «%(column)s»") % {"column": suggested.header}
        self.ask(cell, None, hint)

    def chosen_hint(self, cell):
        if header_key(cell.text) in self.remembered:
            return _("сопоставлен так в прошлый раз")
        return _("выбрано вами")

    def ask(self, cell, column, hint):
        key = header_key(cell.text)
        question = ColumnQuestion(key, cell.text, column.key if column else SKIP, str(hint))
        self.questions[key] = question

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

    def fields(self):
        """The choices of the preview's selects: every column of the importer."""
        return [[column.key, str(column.header)] for column in self.columns]


def covered(mapping):
    """The columns a sheet gives values for: «ФИО» gives surname, name and patronymic."""
    return {key for column in mapping.values() for key in (column.fills or (column.key,))}


def header_row(sheet, several):
    return RowNumber(sheet.header.last_row, sheet.title if several else None)
