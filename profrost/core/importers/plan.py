"""What an import plans: its columns, its rows as read, the planned rows, errors and notes, and
the summary a batch keeps of them."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .cells import EMPTY, clean_text, match_key

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
ACTIONS = (CREATE, UPDATE, UNCHANGED)
# A batch keeps and shows this many rows of each kind, errors and notes (the counts keep the
# totals), and this many characters of a cell quoted in an error: a file of 50 000 wrong rows
# once made a 70 MB batch and a 35 MB page.
SHOWN_ROWS = 500
SHOWN_VALUE = 200


@dataclass(frozen=True)
class ImportColumn:
    key: str
    header: str
    required: bool = False
    aliases: tuple = ()
    parse: object = clean_text
    help: str = ""
    example: object = ""
    number_format: str = ""
    # A column that stands for several (one «ФИО» for surname, name and patronymic): its parser
    # returns their values in this order. The template keeps the separate columns.
    fills: tuple = ()


@dataclass(frozen=True)
class RowError:
    row: int  # a RowNumber: it knows its sheet when the data is on several
    column: str
    value: str
    reason: str

    def as_dict(self):
        value = self.value
        if len(value) > SHOWN_VALUE:
            value = value[: SHOWN_VALUE - 1] + "…"
        return {**place(self.row), "column": self.column, "value": value, "reason": self.reason}


def place(row):
    """A row number as a batch keeps it: the number, and the sheet when there are several."""
    sheet = getattr(row, "sheet", None)
    return {"row": int(row), "sheet": sheet} if sheet else {"row": int(row)}


def place_text(kept):
    """Where a kept row or error is, as the preview shows it: «Школы, 5», or «5» on one sheet."""
    return f"{kept['sheet']}, {kept['row']}" if kept.get("sheet") else str(kept["row"])


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass
class PlannedRow:
    row: int
    action: str
    label: str
    details: str = ""
    changes: list = field(default_factory=list)
    payload: object = None

    def as_dict(self):
        return {
            **place(self.row),
            "label": str(self.label),
            "details": str(self.details),
            "changes": [[str(c.field), c.old, c.new] for c in self.changes],
        }


@dataclass
class Row:
    """One spreadsheet row: the parsed values by column key and the cells as the user sees them."""

    number: int
    columns: dict
    values: dict = field(default_factory=dict)
    cells: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)

    def error(self, key, reason, value=None):
        column = self.columns.get(key)
        header = str(column.header) if column else str(key)
        shown = self.cells.get(key, "") if value is None else clean_text(value)
        self.errors.append(RowError(self.number, header, shown, str(reason)))


@dataclass
class ImportPlan:
    total: int = 0
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    skipped: int = 0
    layout: dict = field(default_factory=dict)
    # What the preview asks: columns to map, reference values to choose (see mapping.py).
    columns: list = field(default_factory=list)  # ColumnQuestion
    values: list = field(default_factory=list)  # ValueQuestion
    fields: list = field(default_factory=list)  # [column key, header] of the importer
    options: dict = field(default_factory=dict)  # column key: [[pk, label]] of its reference
    # What writing did besides the rows (invitations sent), for the result page.
    results: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def asks(self):
        return bool(self.columns or self.values)

    def of(self, action):
        return [row for row in self.rows if row.action == action]

    def counts(self):
        counts = {action: len(self.of(action)) for action in ACTIONS}
        return {**counts, "skipped": self.skipped, "errors": len(self.errors)}

    def summary(self):
        """What a batch keeps of the plan: the counts and the first rows of each kind."""
        notes = [str(note) for note in self.notes[:SHOWN_ROWS]]
        if len(self.notes) > SHOWN_ROWS:
            notes.append(
                _("…и ещё замечаний: %(count)s.") % {"count": len(self.notes) - SHOWN_ROWS}
            )
        return {
            "total": self.total,
            "counts": self.counts(),
            "rows": {
                action: [row.as_dict() for row in self.of(action)[:SHOWN_ROWS]]
                for action in ACTIONS
            },
            "errors": [error.as_dict() for error in self.errors[:SHOWN_ROWS]],
            "notes": notes,
            "results": [str(result) for result in self.results],
            "layout": self.layout,
            "questions": self.questions(),
        }

    def questions(self):
        return {
            "columns": [question.as_dict() for question in self.columns[:SHOWN_ROWS]],
            "values": [question.as_dict() for question in self.values[:SHOWN_ROWS]],
            "fields": self.fields,
            "options": self.options,
        }


def comparable(values):
    """Values as duplicates are compared: text by its matching form, lists as sets."""
    result = {}
    for key, value in values.items():
        if isinstance(value, str):
            value = match_key(value)
        elif isinstance(value, list):
            value = frozenset(map(match_key, value))
        result[key] = value
    return result


def display(value):
    if value in EMPTY:
        return ""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(sorted(str(item) for item in value))
    return clean_text(value) if not hasattr(value, "_meta") else str(value)
