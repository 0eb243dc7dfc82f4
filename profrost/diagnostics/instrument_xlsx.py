"""An instrument as an XLSX file and back.

Sheet «Инструмент» has two columns, «Поле» and «Значение»: Название, Вид, Дефицит ниже, %,
Сформирована от, %, Описание, Инструкция для участника, Должности, Предметы (names from the
reference lists, separated by «;»).

Sheet «Вопросы» is flat: one row per question, then one row per answer option of that question.

| column         | question row                                  | option row            |
|----------------|-----------------------------------------------|-----------------------|
| №              | number of the question (informative)          | empty                 |
| Вид            | Один вариант, Несколько вариантов, Шкала      | «вариант»             |
|                | (самооценка), Число, Свободный ответ          |                       |
| Текст          | the question                                  | the option            |
| Пояснение      | hint under the question                       | —                     |
| Баллы          | points for a right number (Число)             | points of the option  |
| Компетенции    | «MET.01:1; PSY.02:2» — code and weight        | —                     |
| Шкала от, до   | bounds of a scale                             | —                     |
| Подписи        | «начало | конец» of a scale                   | —                     |
| Обратная шкала | да/нет                                        | —                     |
| Верный ответ   | the right number (Число)                      | —                     |
| Допуск         | allowed deviation from it                     | —                     |

Reading checks every row first; the file makes a new draft instrument only when no row has an
error, so a file is taken whole or not at all.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from profrost.competences.models import Competence
from profrost.core.exporters import append_row, restore_text, workbook_bytes
from profrost.core.importers import CellError, clean_text, header_key, match_key, parse_bool
from profrost.core.spreadsheets import ImportFileError, XlsxBook
from profrost.registry.models import Position, Subject

from .models import CHOICE_KINDS, Instrument, InstrumentKind, Item, ItemKind, Option
from .services.instruments import (
    InstrumentData,
    ItemData,
    OptionData,
    create_from_data,
    instrument_data,
    item_problems,
)

INSTRUMENT_SHEET = "Инструмент"
ITEMS_SHEET = "Вопросы"
GUIDE_SHEET = "Инструкция"
OPTION_WORD = "вариант"
LIST_SEPARATOR = "; "

# Sheet «Инструмент»: (key, label).
INSTRUMENT_ROWS = (
    ("title", "Название"),
    ("kind", "Вид"),
    ("deficit_below", "Дефицит ниже, %"),
    ("proficient_from", "Сформирована от, %"),
    ("counts_as_diagnosis", "Диагностика профессиональных дефицитов"),
    ("description", "Описание"),
    ("instructions", "Инструкция для участника"),
    ("positions", "Должности"),
    ("subjects", "Предметы"),
)
INSTRUMENT_LABELS = dict(INSTRUMENT_ROWS)

# Sheet «Вопросы»: (key, header).
ITEM_COLUMNS = (
    ("number", "№"),
    ("kind", "Вид"),
    ("text", "Текст"),
    ("hint", "Пояснение"),
    ("points", "Баллы"),
    ("links", "Компетенции"),
    ("scale_min", "Шкала от"),
    ("scale_max", "Шкала до"),
    ("labels", "Подписи"),
    ("reverse", "Обратная шкала"),
    ("correct_number", "Верный ответ"),
    ("tolerance", "Допуск"),
)
HEADERS = dict(ITEM_COLUMNS)
REQUIRED_COLUMNS = ("kind", "text")
# Model fields → the column that shows them.
FIELD_COLUMNS = {
    "text": "text",
    "hint": "hint",
    "points": "points",
    "scale_min": "scale_min",
    "scale_max": "scale_max",
    "scale_min_label": "labels",
    "scale_max_label": "labels",
    "reverse": "reverse",
    "correct_number": "correct_number",
    "tolerance": "tolerance",
    "options": "kind",
    "links": "links",
    "kind": "kind",
}
ITEM_KIND_WORDS = {
    **{match_key(label): kind for kind, label in ItemKind.choices},
    **{kind: kind for kind in ItemKind.values},
    "один": ItemKind.SINGLE,
    "один вариант ответа": ItemKind.SINGLE,
    "одиночный выбор": ItemKind.SINGLE,
    "несколько": ItemKind.MULTIPLE,
    "несколько вариантов ответа": ItemKind.MULTIPLE,
    "множественный выбор": ItemKind.MULTIPLE,
    "шкала": ItemKind.SCALE,
    "самооценка": ItemKind.SCALE,
    "число": ItemKind.NUMBER,
    "числовой": ItemKind.NUMBER,
    "свободный ответ": ItemKind.TEXT,
    "текст": ItemKind.TEXT,
}
OPTION_WORDS = {OPTION_WORD, "вариант ответа", "option"}
INSTRUMENT_KIND_WORDS = {
    **{match_key(label): kind for kind, label in InstrumentKind.choices},
    **{kind: kind for kind in InstrumentKind.values},
}
# Cells of an instrument are texts (a case, an instruction), not the fields of a record: they
# may be as long as Excel allows.
TEXT_CELL_LENGTH = 32_767
COMPETENCE_SEPARATOR = re.compile(r";|,(?=\s*[A-Za-zА-Яа-я])")


@dataclass(frozen=True)
class SheetError:
    sheet: str
    row: int
    column: str
    value: str
    reason: str


# Writing -------------------------------------------------------------------------------------


def export_instrument(instrument):
    return write_instrument(instrument_data(instrument))


def write_instrument(data):
    workbook = Workbook()
    _write_instrument_sheet(workbook.active, data)
    _write_items_sheet(workbook.create_sheet(ITEMS_SHEET), data.items)
    _write_guide(workbook.create_sheet(GUIDE_SHEET))
    return workbook_bytes(workbook)


def _write_instrument_sheet(sheet, data):
    sheet.title = INSTRUMENT_SHEET
    header = append_row(sheet, [_("Поле"), _("Значение")])
    values = {
        "title": data.title,
        "kind": str(InstrumentKind(data.kind).label),
        "deficit_below": data.deficit_below,
        "proficient_from": data.proficient_from,
        "counts_as_diagnosis": _("да") if data.counts_as_diagnosis else _("нет"),
        "description": data.description,
        "instructions": data.instructions,
        "positions": LIST_SEPARATOR.join(data.positions),
        "subjects": LIST_SEPARATOR.join(data.subjects),
    }
    for cell in header:
        cell.font = Font(bold=True)
    for key, label in INSTRUMENT_ROWS:
        _label, value = append_row(sheet, [label, values[key]])
        value.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90


def _write_items_sheet(sheet, items):
    for cell in append_row(sheet, [header for _key, header in ITEM_COLUMNS]):
        cell.font = Font(bold=True)
    for number, item in enumerate(items, start=1):
        for cell in append_row(sheet, _item_row(number, item)):
            cell.font = Font(bold=True)
        for option in item.options:
            append_row(
                sheet, _row({"kind": OPTION_WORD, "text": option.text, "points": option.points})
            )
    for letter, width in zip(
        "ABCDEFGHIJKL", (5, 22, 70, 30, 8, 26, 9, 9, 30, 9, 12, 9), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def _item_row(number, item):
    values = {
        "number": number,
        "kind": str(ItemKind(item.kind).label),
        "text": item.text,
        "hint": item.hint,
        "links": LIST_SEPARATOR.join(f"{code}:{_number(weight)}" for code, weight in item.links),
    }
    if item.kind == ItemKind.SCALE:
        labels = (item.scale_min_label, item.scale_max_label)
        values.update(
            scale_min=item.scale_min,
            scale_max=item.scale_max,
            labels=" | ".join(labels) if any(labels) else "",
            reverse=_("да") if item.reverse else _("нет"),
        )
    if item.kind == ItemKind.NUMBER:
        values.update(
            points=item.points, correct_number=item.correct_number, tolerance=item.tolerance
        )
    return _row(values)


def _row(values):
    return [_cell(values.get(key)) for key, _header in ITEM_COLUMNS]


def _cell(value):
    if isinstance(value, Decimal):
        value = value.normalize()
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _number(value):
    """1.50 → «1,5»: as people write numbers in a Russian text cell."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


def _write_guide(sheet):
    append_row(sheet, [_("Как заполнить файл инструмента")])[0].font = Font(bold=True, size=14)
    for line in guide_lines():
        append_row(sheet, [line])
    sheet.column_dimensions["A"].width = 120


def guide_lines():
    kinds = ", ".join(str(label) for label in ItemKind.labels)
    return (
        _("Лист «Инструмент»: в столбце «Поле» — название поля, в столбце «Значение» — значение."),
        _("Обязательны «Название» и «Вид» (Тест, Анкета, Самооценка, Кейс)."),
        _("Пороги — целые проценты от 1 до 100; «Дефицит ниже» не больше «Сформирована от»."),
        _("Должности и предметы — названия из справочников через «;»."),
        _("Лист «Вопросы»: строка вопроса, под ней строки его вариантов ответа."),
        _("Столбцы листа «Вопросы»: %(headers)s. Обязательны «Вид» и «Текст».")
        % {"headers": ", ".join(header for _key, header in ITEM_COLUMNS)},
        _("Вопросы идут в порядке строк; столбец «№» только для удобства чтения."),
        _("Вид вопроса: %(kinds)s. Для варианта ответа в столбце «Вид» пишется «вариант».")
        % {"kinds": kinds},
        _("У вопроса с выбором не меньше двух вариантов; баллы варианта — в столбце «Баллы»."),
        _(
            "Компетенции: коды из справочника с весом через двоеточие, через «;»: "
            "MET.01:1; PSY.02:2. Без веса — вес 1. Вопрос, который даёт баллы, должен "
            "измерять хотя бы одну компетенцию."
        ),
        _("Шкала: «Шкала от» меньше «Шкала до»; подписи начала и конца через «|»."),
        _("Число: «Верный ответ», «Допуск» (отклонение) и «Баллы» за верный ответ."),
        _("Дробные числа можно писать через запятую: 0,5."),
        _(
            "Сначала проверяется весь файл. Если есть хотя бы одна ошибка, ничего не "
            "создаётся; иначе создаётся новый черновик инструмента в вашем регионе."
        ),
    )


def template_xlsx():
    """An example file to start from: two questions tied to competences of the framework."""
    codes = list(
        Competence.objects.filter(is_active=True)
        .order_by("group__order", "order", "code")
        .values_list("code", flat=True)[:2]
    ) or ["MET.01"]
    data = InstrumentData(
        title=_("Пример: тест по методике урока"),
        kind=InstrumentKind.TEST,
        instructions=_("Выберите один ответ в каждом вопросе."),
        items=[
            ItemData(
                kind=ItemKind.SINGLE,
                text=_("С чего начинается проектирование урока?"),
                options=[
                    OptionData(_("С планируемых результатов"), Decimal(1)),
                    OptionData(_("С подбора заданий"), Decimal(0)),
                ],
                links=[(codes[0], Decimal(1))],
            ),
            ItemData(
                kind=ItemKind.SCALE,
                text=_("Насколько уверенно вы используете формирующее оценивание?"),
                scale_min_label=_("Совсем не уверенно"),
                scale_max_label=_("Полностью уверенно"),
                links=[(codes[-1], Decimal(2))],
            ),
        ],
    )
    return write_instrument(data)


# Reading -------------------------------------------------------------------------------------


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
                f"{code}:{_number(weight)}" for code, weight in parsed.data.links
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
