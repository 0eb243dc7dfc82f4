"""The one importer base: declared columns, XLSX and CSV reading, a plan of every row before
anything is written, and one transaction for the whole file.

A subclass declares `columns`, loads what it matches against in `prepare()`, turns each parsed
row into a `PlannedRow` in `plan_row()` (or records row errors) and writes one planned row in
`write()`. The base never writes when any row has an error.
"""

import csv
import io
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import audit
from .dates import format_date
from .exporters import restore_text
from .models import ImportBatch, ImportBatchStatus
from .scoping import has_perm_anywhere
from .spreadsheets import ImportFileError, XlsxBook, bounded_rows, check_size
from .text import count_phrase

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
ACTIONS = (CREATE, UPDATE, UNCHANGED)
DATE_FORMAT = "DD.MM.YYYY"
TEXT_FORMAT = "@"
EXCEL_EPOCH = date(1899, 12, 30)
INSTRUCTION_SHEET = "Инструкция"
# A batch keeps and shows this many rows of each kind, errors and notes (the counts keep the
# totals), and this many characters of a cell quoted in an error: a file of 50 000 wrong rows
# once made a 70 MB batch and a 35 MB page.
SHOWN_ROWS = 500
SHOWN_VALUE = 200
EMPTY = (None, "", [])

SPACES = re.compile(r"\s+")
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"))
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
YEAR_SUFFIX = re.compile(r"\s*г(ода?)?\.?$")
TRUE_WORDS = {"да", "д", "1", "+", "true", "истина", "yes", "y", "v", "✓"}
FALSE_WORDS = {"нет", "н", "0", "-", "–", "—", "false", "ложь", "no", "n"}


class CellError(ValueError):
    """A cell that cannot be understood; the message is the reason shown to the user."""


# Cell normalisers --------------------------------------------------------------------------


def clean_text(value):
    """The cell as text: numbers without «.0», dates as дд.мм.гггг, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("да") if value else _("нет")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return format_date(value)
    return SPACES.sub(" ", str(value).translate(INVISIBLE)).strip()


def match_key(value):
    """The form used only for matching: case, ё/е and spacing do not count."""
    return clean_text(value).lower().replace("ё", "е")


def parse_date(value):
    if value in EMPTY:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(_date_reason())
    if isinstance(value, (int, float)):
        return from_excel_serial(value)
    text = YEAR_SUFFIX.sub("", TIME_TAIL.sub("", clean_text(value)))
    if not text:
        return None
    if text.isdigit() and len(text) <= 6:
        return from_excel_serial(int(text))
    return _parse_date_text(text)


def _parse_date_text(text):
    found = DAY_MONTH_YEAR.match(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
        if len(found.group(3)) == 2:
            year = _full_year(year)
    elif found := ISO_DATE.match(text):
        year, month, day = (int(part) for part in found.groups())
    else:
        raise CellError(_date_reason())
    try:
        day = date(year, month, day)
    except ValueError as error:
        raise CellError(_("Такой даты нет в календаре.")) from error
    return _checked(day)


def _full_year(two_digits):
    # «01.02.85» is 1985 and «01.09.20» is 2020: a two-digit year is never in the future.
    year = 2000 + two_digits
    return year if year <= timezone.localdate().year else year - 100


def from_excel_serial(number):
    """Excel stores a date as days since 30.12.1899 (44075 is 01.09.2020)."""
    if not 1 <= number <= 2958465:
        raise CellError(_date_reason())
    return _checked(EXCEL_EPOCH + timedelta(days=int(number)))


def _checked(day):
    if not 1900 <= day.year <= 2100:
        raise CellError(_("Дата вне допустимого диапазона (1900–2100 годы)."))
    return day


def _date_reason():
    return _("Не удалось распознать дату. Укажите её в виде дд.мм.гггг, например 01.09.2020.")


def parse_bool(value):
    if value in EMPTY:
        return None
    if isinstance(value, bool):
        return value
    word = match_key(value).rstrip(".")
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("Ожидается «да» или «нет»."))


def parse_list(value):
    """Items separated by «;» or «,», blanks and repeats dropped, order kept."""
    items = (clean_text(item) for item in re.split(r"[;,]", clean_text(value)))
    return list(dict.fromkeys(item for item in items if item))


def digits(*lengths):
    """A parser of codes such as ИНН or СНИЛС. Excel drops leading zeros of a code typed as a
    number, so a numeric cell is padded to the nearest allowed length."""

    def parse(value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            text = str(value)
            longer = [length for length in lengths if length >= len(text)]
            return text.zfill(min(longer)) if longer else text
        return re.sub(r"[\s\-]", "", clean_text(value))

    return parse


def header_key(text):
    return match_key(text).rstrip("*: ").strip()


def _without_note(text):
    """«Дата рождения (дд.мм.гггг)» → «Дата рождения»."""
    return re.sub(r"\(.*?\)", "", clean_text(text))


# Reading files -----------------------------------------------------------------------------


@dataclass
class Table:
    header_row: int
    headers: list
    rows: list  # (spreadsheet row number, cell values)


def read_table(content, filename):
    if not content:
        raise ImportFileError(_("Файл пуст."))
    check_size(len(content))
    rows = _read_rows(content, PurePath(filename or "").suffix.lower())
    return _split_header(_restored(rows))


def _restored(rows):
    # A file we exported reads back as it was: «'+7 900…» (see safe_text) is «+7 900…».
    return [(number, [restore_text(cell) for cell in cells]) for number, cells in rows]


def _read_rows(content, extension):
    if extension in (".xlsx", ".xlsm"):
        return _xlsx_rows(content)
    if extension in (".csv", ".txt"):
        return _csv_rows(content)
    if extension == ".xls":
        raise ImportFileError(
            _("Формат XLS (Excel 97–2003) не поддерживается. Сохраните файл как XLSX или CSV.")
        )
    raise ImportFileError(_("Поддерживаются файлы XLSX и CSV. Скачайте шаблон на этой странице."))


def _xlsx_rows(content):
    with XlsxBook(content) as book:
        titles = [title for title in book.titles if title != INSTRUCTION_SHEET]
        if not titles:
            raise ImportFileError(_("В файле нет листа с данными."))
        return book.rows(titles[0])


def _csv_rows(content):
    text = _decode(content)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first_line.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return list(bounded_rows(reader))
    except csv.Error as error:
        raise ImportFileError(
            _("Не удалось разобрать CSV: %(error)s. Проверьте кавычки и разделители.")
            % {"error": error}
        ) from error


def _decode(content):
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _("Не удалось определить кодировку файла. Сохраните CSV в кодировке UTF-8.")
    )


def _split_header(rows):
    filled = [(number, cells) for number, cells in rows if any(map(clean_text, cells))]
    if not filled:
        raise ImportFileError(_("Файл пуст: в нём нет ни заголовков, ни данных."))
    (header_row, headers), data = filled[0], filled[1:]
    if not data:
        raise ImportFileError(_("В файле нет данных: под строкой заголовков нет ни одной строки."))
    return Table(header_row, [clean_text(h) for h in headers], data)


# Columns, rows, plans ----------------------------------------------------------------------


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


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    reason: str


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
            "row": self.row,
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

    @property
    def ok(self):
        return not self.errors

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
            "errors": [_shown(asdict(error)) for error in self.errors[:SHOWN_ROWS]],
            "notes": notes,
        }


def _shown(error):
    value = error["value"]
    if len(value) > SHOWN_VALUE:
        error["value"] = value[: SHOWN_VALUE - 1] + "…"
    return error


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

    def __init__(self, user=None):
        # No user is the system (a management command run without --user): full scope.
        self.user = user
        self.column_index = {column.key: column for column in self.columns}

    @classmethod
    def allowed(cls, user):
        return has_perm_anywhere(user, cls.perm)

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

    # Planning.

    def plan(self, content, filename):
        if self.user is not None and not self.allowed(self.user):
            raise PermissionDenied(_("Недостаточно прав для этого импорта."))
        table = read_table(content, filename)
        plan = ImportPlan(total=len(table.rows))
        mapping = self.map_headers(table, plan)
        if plan.errors:
            return plan
        parsed = [self.parse_row(number, cells, mapping) for number, cells in table.rows]
        rows = self.deduplicate(parsed, plan)
        valid = [row for row in rows if not row.errors]
        self.prepare(valid)
        for row in valid:
            planned = self.plan_row(row)
            if planned is not None and not row.errors:
                plan.rows.append(planned)
        plan.errors = [error for row in rows for error in row.errors]
        return plan

    def map_headers(self, table, plan):
        known = {}
        for column in self.columns:
            for name in (column.header, *column.aliases):
                known[header_key(name)] = column
        mapping = {}
        for index, header in enumerate(table.headers):
            if not header:
                continue
            column = known.get(header_key(header)) or known.get(header_key(_without_note(header)))
            if column is None:
                plan.notes.append(
                    _("Столбец «%(header)s» не распознан и пропущен.") % {"header": header}
                )
            elif column.key in {c.key for c in mapping.values()}:
                plan.errors.append(
                    RowError(table.header_row, header, "", _("Столбец встречается в файле дважды."))
                )
            else:
                mapping[index] = column
        self._check_required(table, mapping, plan)
        return mapping

    def _check_required(self, table, mapping, plan):
        present = {column.key for column in mapping.values()}
        for column in self.columns:
            if column.required and column.key not in present:
                plan.errors.append(
                    RowError(
                        table.header_row,
                        str(column.header),
                        "",
                        _("В файле нет обязательного столбца «%(header)s».")
                        % {"header": column.header},
                    )
                )

    def parse_row(self, number, cells, mapping):
        row = Row(number, self.column_index)
        for index, column in mapping.items():
            raw = cells[index] if index < len(cells) else None
            row.cells[column.key] = clean_text(raw)
            try:
                value = column.parse(raw)
            except CellError as error:
                row.error(column.key, error)
                continue
            if column.required and value in EMPTY:
                row.error(column.key, _("Обязательное поле не заполнено."))
            row.values[column.key] = value
        return row

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

    def apply(self, content, filename):
        """Plan again and write every planned change in one transaction, or nothing."""
        with transaction.atomic():
            plan = self.plan(content, filename)
            if not plan.ok:
                return plan
            for planned in plan.rows:
                if planned.action != UNCHANGED:
                    self.write(planned)
        return plan

    # The template.

    def template_xlsx(self):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(self.verbose_name)[:31]
        sheet.append([str(column.header) for column in self.columns])
        sheet.append([column.example for column in self.columns])
        required = PatternFill("solid", fgColor="FFF2CC")
        for index, column in enumerate(self.columns, start=1):
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
        self._instruction_sheet(workbook.create_sheet(INSTRUCTION_SHEET))
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def _instruction_sheet(self, sheet):
        sheet.append([str(self.verbose_name)])
        sheet["A1"].font = Font(bold=True, size=14)
        for line in (*self.instructions, *general_rules()):
            sheet.append([str(line)])
        sheet.append([])
        sheet.append([_("Столбец"), _("Обязательный"), _("Что указывать"), _("Пример")])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for column in self.columns:
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
        _("Первая строка листа — заголовки столбцов, как в шаблоне; порядок столбцов любой."),
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


# Batches: upload → preview → confirm -------------------------------------------------------


def read_upload(upload):
    """The bytes of an uploaded file, or ImportFileError with a message for the user."""
    if upload is None:
        raise ImportFileError(_("Выберите файл для загрузки."))
    if PurePath(upload.name).suffix.lower() not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise ImportFileError(
            _("Файл «%(name)s» не подходит: загрузите XLSX или CSV.") % {"name": upload.name}
        )
    check_size(upload.size)
    return upload.read()


def preview_import(importer, content, filename):
    """Check the file and keep it with its plan until it is confirmed or abandoned; a file that
    has errors is not kept at all. Nothing but the batch is written."""
    plan = importer.plan(content, filename)
    return ImportBatch.objects.create(
        kind=importer.kind,
        user=importer.user,
        filename=PurePath(filename).name[:255],
        content=content if plan.ok else None,
        status=ImportBatchStatus.PREVIEWED if plan.ok else ImportBatchStatus.FAILED,
        summary=plan.summary(),
    )


def confirm_import(batch, importer):
    """Apply a previewed batch once: plan the stored file again and write it, or nothing. Either
    way the file is dropped; the batch keeps the summary."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if is_abandoned(batch):
            expire(batch)
        if batch.status != ImportBatchStatus.PREVIEWED:
            return batch
        plan = importer.apply(bytes(batch.content), batch.filename)
        batch.summary = plan.summary()
        batch.content = None
        if plan.ok:
            batch.status = ImportBatchStatus.APPLIED
            batch.applied = timezone.now()
            counts = plan.counts()
            audit.log(
                importer.user,
                importer.audit_action,
                batch,
                kind=importer.kind,
                created=counts[CREATE],
                updated=counts[UPDATE],
            )
        else:
            batch.status = ImportBatchStatus.FAILED
        batch.save()
    return batch


def confirm_refusal(batch):
    """Why the batch cannot be confirmed, for the user, or "" when it can."""
    if is_abandoned(batch):
        expire(batch)
    if batch.status == ImportBatchStatus.EXPIRED:
        hours = settings.IMPORT_PREVIEW_RETENTION_HOURS
        return _(
            "Импорт не подтверждён в течение %(hours)s, и файл удалён. Загрузите его снова."
        ) % {"hours": count_phrase(hours, ("часа", "часов", "часов"))}
    if batch.status != ImportBatchStatus.PREVIEWED:
        return _("Этот файл уже обработан, повторное подтверждение не нужно.")
    return ""


def _abandoned_before():
    return timezone.now() - timedelta(hours=settings.IMPORT_PREVIEW_RETENTION_HOURS)


def is_abandoned(batch):
    return batch.status == ImportBatchStatus.PREVIEWED and batch.created < _abandoned_before()


def expire(batch):
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatchStatus.PREVIEWED).update(
        status=ImportBatchStatus.EXPIRED, content=None
    )
    batch.status, batch.content = ImportBatchStatus.EXPIRED, None


def purge_abandoned_imports():
    """Drop the files of previews left unconfirmed past IMPORT_PREVIEW_RETENTION_HOURS, and any
    file a finished batch still holds; returns how many files were dropped. Run hourly by
    Celery beat, or by `manage.py purge_imports` from cron."""
    expired = ImportBatch.objects.filter(
        status=ImportBatchStatus.PREVIEWED, created__lt=_abandoned_before()
    ).update(status=ImportBatchStatus.EXPIRED, content=None)
    finished = (
        ImportBatch.objects.exclude(status=ImportBatchStatus.PREVIEWED)
        .filter(content__isnull=False)
        .update(content=None)
    )
    return expired + finished
