"""Reading an instrument file: every row is checked first, and a new draft instrument is made only
when no row has an error."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from profrost.competences.models import Competence
from profrost.core.exporters import restore_text
from profrost.core.importers import CellError, clean_text, header_key, match_key, parse_bool
from profrost.core.spreadsheets import ImportFileError, XlsxBook
from profrost.registry.models import Position, Subject

from ..models import CHOICE_KINDS, Instrument, InstrumentKind, Item, ItemKind, Option
from ..services.instruments import (
    InstrumentData,
    ItemData,
    OptionData,
    create_from_data,
    item_problems,
)
from .layout import (
    COMPETENCE_SEPARATOR,
    FIELD_COLUMNS,
    HEADERS,
    INSTRUMENT_KIND_WORDS,
    INSTRUMENT_LABELS,
    INSTRUMENT_ROWS,
    INSTRUMENT_SHEET,
    ITEM_COLUMNS,
    ITEM_KIND_WORDS,
    ITEMS_SHEET,
    LIST_SEPARATOR,
    OPTION_WORDS,
    REQUIRED_COLUMNS,
    TEXT_CELL_LENGTH,
    SheetError,
    plain_number,
)


def read_instrument(content):
    """(InstrumentData, []) for a good file, (None, errors) otherwise; ImportFileError when the
    file cannot be read or crosses a bound of docs/import.md."""
    with XlsxBook(content, max_cell_length=TEXT_CELL_LENGTH) as book:
        titles = {title.strip(): title for title in book.titles}
        for name in (INSTRUMENT_SHEET, ITEMS_SHEET):
            if name not in titles:
                raise ImportFileError(_("В файле нет листа «%(sheet)s».") % {"sheet": name})
        instrument_rows = _filled(book.rows(titles[INSTRUMENT_SHEET]))
        item_rows = _filled(book.rows(titles[ITEMS_SHEET]))
    reader = Reader()
    data = reader.instrument(instrument_rows)
    items = reader.items(item_rows)
    if reader.errors:
        return None, sorted(reader.errors, key=lambda e: (e.sheet != INSTRUMENT_SHEET, e.row))
    data.items = items
    return data, []


def _filled(rows):
    """The rows with any text, read back as written (see core.exporters.restore_text)."""
    return [
        (number, [restore_text(cell) for cell in cells])
        for number, cells in rows
        if any(clean_text(cell) for cell in cells)
    ]


def import_instrument(content, *, by, region):
    """(instrument, []) when the file is good, (None, errors) and nothing written otherwise."""
    data, errors = read_instrument(content)
    if errors:
        return None, errors
    try:
        return create_from_data(data, by=by, region=region, action="imported"), []
    except ValidationError as error:
        return None, [SheetError(ITEMS_SHEET, 0, "", "", message) for message in error.messages]


def parse_decimal(value):
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise CellError(_number_reason())
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    text = clean_text(value).replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise CellError(_number_reason()) from error
    if not number.is_finite():
        raise CellError(_number_reason())
    return number


def parse_integer(value):
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(_("Ожидается целое число."))
    return int(number)


def _number_reason():
    return _("Ожидается число, например 2 или 0,5.")


class Reader:
    """Parses both sheets, collecting every error instead of stopping at the first."""

    def __init__(self):
        self.errors = []
        self.known_codes = set(Competence.objects.values_list("code", flat=True))

    def error(self, sheet, row, column, value, reason):
        self.errors.append(SheetError(sheet, row, str(column), clean_text(value), str(reason)))

    # Sheet «Инструмент».

    def instrument(self, rows):
        labels = {header_key(label): key for key, label in INSTRUMENT_ROWS}
        raw = {}
        where = {}
        for number, cells in rows:
            key = labels.get(header_key(cells[0] if cells else ""))
            if key and key not in raw:
                raw[key] = cells[1] if len(cells) > 1 else None
                where[key] = number
        self.instrument_where = where
        values = {
            "title": clean_text(raw.get("title")),
            "kind": self._instrument_kind(raw, where),
            "description": str(raw.get("description") or "").strip(),
            "instructions": str(raw.get("instructions") or "").strip(),
            "positions": self._names(raw, where, "positions", Position),
            "subjects": self._names(raw, where, "subjects", Subject),
            "counts_as_diagnosis": self._flag(raw, where, "counts_as_diagnosis"),
            "sensitive": self._flag(raw, where, "sensitive"),
        }
        if not values["title"]:
            self._instrument_error(where, "title", "", _("Не заполнено название инструмента."))
        for key, default in (("deficit_below", 50), ("proficient_from", 75)):
            try:
                number = parse_integer(raw.get(key))
            except CellError as error:
                self._instrument_error(where, key, raw.get(key), error)
                number = None
            values[key] = default if number is None else number
        self._check_instrument(values, raw, where)
        return InstrumentData(**values)

    def _flag(self, raw, where, key):
        """A yes/no row; a file without it (written before the row existed) means «нет»."""
        try:
            return bool(parse_bool(raw.get(key)))
        except CellError as error:
            self._instrument_error(where, key, raw.get(key), error)
            return False

    def _instrument_error(self, where, key, value, reason):
        self.error(INSTRUMENT_SHEET, where.get(key, 0), INSTRUMENT_LABELS[key], value, reason)

    def _instrument_kind(self, raw, where):
        value = raw.get("kind")
        kind = INSTRUMENT_KIND_WORDS.get(match_key(value))
        if kind is None:
            reason = (
                _("Не указан вид инструмента.")
                if not clean_text(value)
                else _("Неизвестный вид инструмента. Допустимо: %(kinds)s.")
                % {"kinds": ", ".join(str(label) for label in InstrumentKind.labels)}
            )
            self._instrument_error(where, "kind", value, reason)
            return InstrumentKind.TEST
        return kind

    def _names(self, raw, where, key, model):
        names = [
            clean_text(name) for name in str(raw.get(key) or "").split(";") if clean_text(name)
        ]
        known = {match_key(name): name for name in model.objects.values_list("name", flat=True)}
        found = []
        for name in names:
            if match_key(name) in known:
                found.append(known[match_key(name)])
            else:
                self._instrument_error(
                    where, key, name, _("Нет в справочнике: «%(name)s».") % {"name": name}
                )
        return list(dict.fromkeys(found))

    def _check_instrument(self, values, raw, where):
        instrument = Instrument(
            **{
                key: values[key]
                for key in INSTRUMENT_LABELS
                if key not in ("positions", "subjects")
            }
        )
        try:
            instrument.full_clean(exclude=["title", "kind"], validate_unique=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                key = name if name in INSTRUMENT_LABELS else "deficit_below"
                for message in messages:
                    self._instrument_error(where, key, raw.get(key), message)

    # Sheet «Вопросы».

    def items(self, rows):
        if not rows:
            self.error(ITEMS_SHEET, 1, "", "", _("Лист пуст: нет ни заголовков, ни вопросов."))
            return []
        (header_row, headers), body = rows[0], rows[1:]
        columns = self._columns(header_row, headers)
        if columns is None:
            return []
        items = []
        current = None
        for number, cells in body:
            cell = {
                key: cells[index] if index < len(cells) else None for key, index in columns.items()
            }
            word = match_key(cell.get("kind"))
            if word in OPTION_WORDS:
                self._option(number, cell, current)
                continue
            current = self._item(number, cell)
            if current is not None:
                items.append(current)
        for parsed in items:
            self._check_item(parsed)
        if not items:
            self.error(ITEMS_SHEET, header_row, "", "", _("В листе нет ни одного вопроса."))
        return [parsed.data for parsed in items]

    def _columns(self, header_row, headers):
        known = {header_key(header): key for key, header in ITEM_COLUMNS}
        columns = {}
        for index, header in enumerate(headers):
            key = known.get(header_key(header))
            if key and key not in columns:
                columns[key] = index
        missing = [key for key in REQUIRED_COLUMNS if key not in columns]
        for key in missing:
            self.error(
                ITEMS_SHEET,
                header_row,
                HEADERS[key],
                "",
                _("Нет обязательного столбца «%(header)s».") % {"header": HEADERS[key]},
            )
        return None if missing else columns

    def _item(self, number, cell):
        kind = ITEM_KIND_WORDS.get(match_key(cell.get("kind")))
        if kind is None:
            value = cell.get("kind")
            reason = (
                _("Не указан вид вопроса.")
                if not clean_text(value)
                else _(
                    "Неизвестный вид вопроса. Допустимо: %(kinds)s; для варианта ответа — "
                    "«вариант»."
                )
                % {"kinds": ", ".join(str(label) for label in ItemKind.labels)}
            )
            self.error(ITEMS_SHEET, number, HEADERS["kind"], value, reason)
            return ParsedItem(number, ItemData(kind=ItemKind.TEXT, text=""), broken=True)
        data = ItemData(kind=kind, text=_text(cell.get("text")), hint=clean_text(cell.get("hint")))
        parsed = ParsedItem(number, data)
        if not data.text:
            self.error(ITEMS_SHEET, number, HEADERS["text"], "", _("Не заполнен текст вопроса."))
        data.links = self._links(number, cell.get("links"))
        if kind == ItemKind.SCALE:
            self._scale(number, cell, data)
        if kind == ItemKind.NUMBER:
            for key in ("correct_number", "tolerance", "points"):
                value = self._decimal(number, cell, key)
                if value is not None:
                    setattr(data, key, value)
        return parsed

    def _scale(self, number, cell, data):
        for key in ("scale_min", "scale_max"):
            try:
                value = parse_integer(cell.get(key))
            except CellError as error:
                self.error(ITEMS_SHEET, number, HEADERS[key], cell.get(key), error)
                continue
            if value is not None:
                setattr(data, key, value)
        labels = clean_text(cell.get("labels"))
        if labels:
            parts = [part.strip() for part in labels.split("|")]
            if len(parts) != 2:
                self.error(
                    ITEMS_SHEET,
                    number,
                    HEADERS["labels"],
                    labels,
                    _("Укажите подписи начала и конца шкалы через «|»: «никогда | всегда»."),
                )
            else:
                data.scale_min_label, data.scale_max_label = parts
        try:
            data.reverse = bool(parse_bool(cell.get("reverse")))
        except CellError as error:
            self.error(ITEMS_SHEET, number, HEADERS["reverse"], cell.get("reverse"), error)

    def _decimal(self, number, cell, key):
        try:
            return parse_decimal(cell.get(key))
        except CellError as error:
            self.error(ITEMS_SHEET, number, HEADERS[key], cell.get(key), error)
            return None

    def _links(self, number, value):
        links = []
        for part in COMPETENCE_SEPARATOR.split(clean_text(value)):
            part = part.strip()
            if not part:
                continue
            code, _colon, weight_text = part.partition(":")
            code = code.strip().upper()
            if code not in self.known_codes:
                self.error(
                    ITEMS_SHEET,
                    number,
                    HEADERS["links"],
                    part,
                    _("Компетенции с кодом «%(code)s» нет в справочнике.") % {"code": code},
                )
                continue
            try:
                weight = parse_decimal(weight_text) if weight_text.strip() else Decimal(1)
            except CellError:
                weight = None
            if weight is None or weight <= 0:
                self.error(
                    ITEMS_SHEET,
                    number,
                    HEADERS["links"],
                    part,
                    _("Вес компетенции — положительное число: «%(code)s:1» или «%(code)s:0,5».")
                    % {"code": code},
                )
                continue
            links.append((code, weight))
        return links

    def _option(self, number, cell, current):
        text = _text(cell.get("text"))
        if current is None:
            self.error(
                ITEMS_SHEET,
                number,
                HEADERS["kind"],
                cell.get("kind"),
                _("Вариант ответа стоит до первого вопроса: над ним должна быть строка вопроса."),
            )
            return
        if current.broken:
            return
        if current.data.kind not in CHOICE_KINDS:
            self.error(
                ITEMS_SHEET,
                number,
                HEADERS["kind"],
                cell.get("kind"),
                _(
                    "Вариант ответа относится к вопросу в строке %(row)s вида «%(kind)s», а "
                    "варианты бывают только у вопросов с выбором."
                )
                % {"row": current.row, "kind": ItemKind(current.data.kind).label},
            )
            return
        if not text:
            self.error(ITEMS_SHEET, number, HEADERS["text"], "", _("Не заполнен текст варианта."))
        points = self._decimal(number, cell, "points")
        option = OptionData(text, Decimal(0) if points is None else points)
        try:
            Option(text=text, points=option.points).clean_fields(exclude=["item"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = HEADERS["points"] if name == "points" else HEADERS["text"]
                for message in messages:
                    self.error(ITEMS_SHEET, number, column, getattr(option, name, ""), message)
        current.data.options.append(option)

    def _check_item(self, parsed):
        if parsed.broken:
            return
        data = parsed.data
        fields = data.fields()
        for name, message in item_problems(data.kind, fields, data.options, data.links):
            if name == "options" and data.kind not in CHOICE_KINDS:
                continue  # reported on the option rows already
            self._item_error(parsed, name, message)
        item = Item(**fields)
        try:
            item.full_clean(exclude=["instrument"], validate_unique=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name == "text" and not data.text:
                    continue
                for message in messages:
                    self._item_error(parsed, name, message)

    def _item_error(self, parsed, name, message):
        key = FIELD_COLUMNS.get(name, "text")
        value = {
            "kind": ItemKind(parsed.data.kind).label,
            "links": LIST_SEPARATOR.join(
                f"{code}:{plain_number(weight)}" for code, weight in parsed.data.links
            ),
            "labels": " | ".join((parsed.data.scale_min_label, parsed.data.scale_max_label)),
        }.get(key, getattr(parsed.data, key, ""))
        self.error(ITEMS_SHEET, parsed.row, HEADERS[key], value, message)


@dataclass
class ParsedItem:
    row: int
    data: ItemData
    broken: bool = False


def _text(value):
    """Question text keeps its line breaks; only the ends are trimmed."""
    if value is None:
        return ""
    return clean_text(value) if not isinstance(value, str) else value.strip()
