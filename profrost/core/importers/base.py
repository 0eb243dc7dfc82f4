"""The importer base: declared columns, a plan of every row before anything is written, and
one transaction for the whole file.

A subclass declares `columns`, loads what it matches against in `prepare()`, turns each parsed
row into a `PlannedRow` in `plan_row()` (or records row errors) and writes one planned row in
`write()`. The base never writes when any row has an error. A column whose values name rows of
a reference list is declared in `references` and matched with `match()`.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core.scoping import has_perm_anywhere

from .cells import EMPTY, CellError, clean_text, match_key
from .columns import HeaderMap
from .layout import read_table
from .mapping import Answers, remembered
from .plan import SHOWN_ROWS, UNCHANGED, Change, ImportPlan, Row, comparable, display
from .references import ValueQuestion, Vocabulary, reference_key
from .template import template_xlsx

PROGRESS_EVERY = 200  # rows between two progress reports of a background job


@dataclass(frozen=True)
class ConfirmOption:
    """A checkbox of the confirmation, off unless ticked, offered to users holding `perm`
    anywhere (the work it switches on checks each row's scope again)."""

    key: str
    label: str
    perm: str


class Importer:
    """Subclasses declare columns and the matching; the base reads, plans and applies."""

    kind = ""
    verbose_name = ""
    description = ""
    perm = ""
    columns = ()
    key_column = ""
    audit_action = ""
    instructions = ()
    references = {}  # column key: the Reference its values are matched against
    preview_url_name = ""  # the preview page of a batch, where a background job leads
    # Called as on_progress(done, total) while the rows are planned and on_writing(done, total)
    # while they are written (a background job).
    on_progress = None
    on_writing = None
    confirm_options = ()  # ConfirmOption

    def __init__(self, user=None):
        # No user is the system (a management command run without --user): full scope.
        self.user = user
        self.column_index = {column.key: column for column in self.columns}
        # What the user ticked when confirming ({key: True}) and the site's address
        # ("base_url", where links in letters start); kept with the batch for a background job.
        self.confirm_choices = {}

    @classmethod
    def for_batch(cls, user, batch):
        """The importer that checks or writes `batch`; a subclass that records the batch
        with what it writes takes it here."""
        return cls(user)

    @classmethod
    def allowed(cls, user):
        return has_perm_anywhere(user, cls.perm)

    @classmethod
    def offered_options(cls, user):
        return [option for option in cls.confirm_options if has_perm_anywhere(user, option.perm)]

    def visible(self, model, perm=None):
        if self.user is None:
            return model.objects.all()
        return model.objects.visible_to(self.user, perm or self.perm)

    # Hooks for subclasses.

    def row_key(self, row):
        return (match_key(row.values.get(self.key_column)),)

    def prepare(self, rows):
        """Load everything the rows are matched against, in a fixed number of queries."""

    def plan_row(self, row):
        raise NotImplementedError

    def write(self, planned):
        raise NotImplementedError

    def write_rows(self, rows):
        """Write the planned rows that change something, row by row through `write()`; a
        subclass with many rows a file writes them in bulk instead (registry's staff)."""
        for done, planned in enumerate(rows):
            self.report(done, len(rows), writing=True)
            self.write(planned)

    def written(self, plan):
        """After every row is written, in the same transaction: what the confirm options ask
        for; a line in `plan.results` tells the user what it did."""

    # Planning.

    def plan(self, content, filename, answers=None):
        """Every row checked and planned; nothing written. `answers` are the user's choices in
        the preview (ImportBatch.answers)."""
        if self.user is not None and not self.allowed(self.user):
            raise PermissionDenied(_("Недостаточно прав для этого импорта."))
        self.answers = Answers.of(answers)
        table, plan, mappings = self.read(content, filename)
        if plan.errors:
            return plan
        parsed = [
            self.parse_row(number, cells, mapping)
            for sheet, mapping in zip(table.sheets, mappings, strict=True)
            for number, cells in sheet.rows
        ]
        rows = self.deduplicate(parsed, plan)
        valid = [row for row in rows if not row.errors]
        self.load_references(plan)
        self.prepare(valid)
        for done, row in enumerate(valid):
            self.report(done, len(valid))
            planned = self.plan_row(row)
            if planned is not None and not row.errors:
                plan.rows.append(planned)
        plan.errors = [error for row in rows for error in row.errors]
        plan.values = list(self.asked.values())
        return plan

    def report(self, done, total, *, writing=False, every=PROGRESS_EVERY):
        """Tell a background job how far the rows are, every `every` rows: `on_progress` while
        they are planned, `on_writing` while they are written."""
        callback = self.on_writing if writing else self.on_progress
        if callback and done % every == 0:
            callback(done, total)

    def read(self, content, filename):
        """The data sheets, a plan with their layout, and which column each cell is."""
        earlier = remembered(self.kind, self.user, self.perm)
        chosen = {**earlier, **self.answers.columns}
        headers = HeaderMap(self.columns, chosen, set(earlier) - set(self.answers.columns))
        table = read_table(content, filename, headers.recognise, headers.enough)
        plan = ImportPlan(total=len(table.rows), layout=table.describe(), fields=headers.fields())
        mappings = headers.map_table(table, plan)
        plan.columns = list(headers.questions.values())
        return table, plan, mappings

    # Reference columns.

    def load_references(self, plan):
        self.vocabularies = {
            key: Vocabulary(*reference.load()) for key, reference in self.references.items()
        }
        plan.options = {key: vocabulary.options() for key, vocabulary in self.vocabularies.items()}
        self.asked, self.synonyms_noted, self.notes = {}, set(), plan.notes

    def match(self, column, text):
        """The reference row a value of `column` names: by its name, a synonym or the user's
        choice; None when it names none, and then the preview asks about it."""
        vocabulary, key = self.vocabularies[column], reference_key(text)
        found, by_synonym = vocabulary.find(key)
        if by_synonym and (column, key) not in self.synonyms_noted:
            self.synonyms_noted.add((column, key))
            self.note_synonym(column, text, found)
        chosen = None if found else self.answers.value(column, key)
        if chosen is not None:
            found = vocabulary.by_pk.get(chosen)
        if found is None or chosen is not None:
            self.ask_value(column, text, key, found)
        return found

    def ask_value(self, column, text, key, chosen):
        question = self.asked.get((column, key))
        if question is None:
            # Candidates only for the values the preview shows.
            vocabulary = self.vocabularies[column]
            shown = len(self.asked) < SHOWN_ROWS
            question = ValueQuestion(
                column,
                str(self.column_index[column].header),
                clean_text(text),
                key,
                vocabulary.candidates(key) if shown else [],
                chosen.pk if chosen else None,
            )
            self.asked[(column, key)] = question
        question.rows += 1

    def note_synonym(self, column, text, found):
        self.notes.append(
            _("«%(value)s» в столбце «%(column)s» принято как «%(found)s» (синоним).")
            % {
                "value": clean_text(text),
                "column": self.column_index[column].header,
                "found": found,
            }
        )

    def add_synonym(self, column, text, pk):
        self.references[column].add_synonym(text, pk, self.user)

    def parse_row(self, number, cells, mapping):
        row = Row(number, self.column_index)
        # A column that fills others goes first: the separate columns, when there, win.
        for index, column in sorted(mapping.items(), key=lambda item: not item[1].fills):
            raw = cells[index] if index < len(cells) else None
            row.cells[column.key] = clean_text(raw)
            try:
                value = column.parse(raw)
            except CellError as error:
                row.error(column.key, error)
                continue
            if value in EMPTY and self.required(column):
                row.error(column.key, _("Обязательное поле не заполнено."))
            elif column.fills:
                self.fill(row, column, value)
            if not column.fills:
                row.values[column.key] = value
        return row

    def required(self, column):
        filled = (self.column_index.get(key) for key in column.fills)
        return column.required or any(c is not None and c.required for c in filled)

    @staticmethod
    def fill(row, column, values):
        for key, value in zip(column.fills, values, strict=True):
            row.values[key] = value
            row.cells[key] = value

    def deduplicate(self, rows, plan):
        """Exact repeats are skipped with a note; the same key with other data is an error."""
        first_of = {}
        kept = []
        for row in rows:
            key = None if row.errors else self.row_key(row)
            first = first_of.setdefault(key, row) if key is not None else row
            if first is row:
                kept.append(row)
            elif comparable(first.values) == comparable(row.values):
                plan.skipped += 1
                plan.notes.append(
                    _("Строка %(row)s повторяет строку %(first)s и пропущена.")
                    % {"row": row.number, "first": first.number}
                )
            else:
                row.error(
                    self.key_column,
                    _("Та же запись уже есть в строке %(first)s, но с другими данными.")
                    % {"first": first.number},
                )
                kept.append(row)
        return kept

    def validate(self, row, instance, exclude=()):
        """The model's own rules (field validators and clean()) as row errors. Uniqueness is
        left out: matching decided it already, and it would cost a query per row."""
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                key = name if name in self.column_index else self.key_column
                for message in messages:
                    row.error(key, message)
            return False
        return True

    def assign(self, instance, values, loose=()):
        """Set the filled values that differ and list the changes; an empty cell keeps the
        stored value. Fields in `loose` compare by their matching form (case, ё/е)."""
        changes = []
        for name, new in values.items():
            old = getattr(instance, name)
            if new in EMPTY or self._same(old, new, name in loose):
                continue
            changes.append(
                Change(self.label(instance, name), self.shown(instance, name, old), display(new))
            )
            setattr(instance, name, new)
        return changes

    @staticmethod
    def _same(old, new, loose):
        if isinstance(new, str):
            normal = match_key if loose else clean_text
            return normal(old) == normal(new)
        return old == new

    @staticmethod
    def label(instance, name):
        return str(instance._meta.get_field(name).verbose_name)

    @staticmethod
    def shown(instance, name, value):
        choices = dict(instance._meta.get_field(name).flatchoices)
        return str(choices.get(value, display(value))) if choices else display(value)

    def save(self, instance):
        if self.user is not None:
            instance._history_user = self.user
        instance.save()

    # Applying.

    def apply(self, content, filename, answers=None):
        """Plan again and write every planned change in one transaction, or nothing."""
        with transaction.atomic():
            plan = self.plan(content, filename, answers)
            if not plan.ok:
                return plan
            self.write_rows([planned for planned in plan.rows if planned.action != UNCHANGED])
            self.written(plan)
        return plan

    def template_xlsx(self):
        return template_xlsx(self)
