"""The layout of the instrument file: sheet names, rows and columns, the words a reader accepts."""

import re
from dataclasses import dataclass
from decimal import Decimal

from profrost.core.importers import match_key

from ..models import InstrumentKind, ItemKind

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
    ("sensitive", "Чувствительная методика"),
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


def plain_number(value):
    """1.50 → «1,5»: as people write numbers in a Russian text cell."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")
