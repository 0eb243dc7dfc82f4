"""Writing an instrument, and the empty template, as an XLSX file."""

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font

from profrost.competences.models import Competence
from profrost.core.exporters import BOLD, add_sheet, append_row, new_workbook, workbook_bytes

from ..models import InstrumentKind, ItemKind
from ..services.instruments import (
    InstrumentData,
    ItemData,
    OptionData,
    instrument_data,
)
from .layout import (
    GUIDE_SHEET,
    INSTRUMENT_ROWS,
    INSTRUMENT_SHEET,
    ITEM_COLUMNS,
    ITEMS_SHEET,
    LIST_SEPARATOR,
    OPTION_WORD,
    plain_number,
)

ITEM_WIDTHS = (5, 22, 70, 30, 8, 26, 9, 9, 30, 9, 12, 9)


def export_instrument(instrument):
    return write_instrument(instrument_data(instrument))


def write_instrument(data):
    workbook = new_workbook()
    _write_instrument_sheet(add_sheet(workbook, INSTRUMENT_SHEET, (28, 90)), data)
    _write_items_sheet(add_sheet(workbook, ITEMS_SHEET, ITEM_WIDTHS), data.items)
    _write_guide(add_sheet(workbook, GUIDE_SHEET, (120,)))
    return workbook_bytes(workbook)


def _write_instrument_sheet(sheet, data):
    append_row(sheet, [_("Поле"), _("Значение")], font=BOLD)
    values = {
        "title": data.title,
        "kind": str(InstrumentKind(data.kind).label),
        "deficit_below": data.deficit_below,
        "proficient_from": data.proficient_from,
        "counts_as_diagnosis": _("да") if data.counts_as_diagnosis else _("нет"),
        "sensitive": _("да") if data.sensitive else _("нет"),
        "description": data.description,
        "instructions": data.instructions,
        "positions": LIST_SEPARATOR.join(data.positions),
        "subjects": LIST_SEPARATOR.join(data.subjects),
    }
    wrapped = Alignment(wrap_text=True, vertical="top")
    for key, label in INSTRUMENT_ROWS:
        append_row(sheet, [label, values[key]], alignment=wrapped)


def _write_items_sheet(sheet, items):
    sheet.freeze_panes = "A2"
    append_row(sheet, [header for _key, header in ITEM_COLUMNS], font=BOLD)
    for number, item in enumerate(items, start=1):
        append_row(sheet, _item_row(number, item), font=BOLD)
        for option in item.options:
            append_row(
                sheet, _row({"kind": OPTION_WORD, "text": option.text, "points": option.points})
            )


def _item_row(number, item):
    values = {
        "number": number,
        "kind": str(ItemKind(item.kind).label),
        "text": item.text,
        "hint": item.hint,
        "links": LIST_SEPARATOR.join(
            f"{code}:{plain_number(weight)}" for code, weight in item.links
        ),
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


def _write_guide(sheet):
    append_row(sheet, [_("Как заполнить файл инструмента")], font=Font(bold=True, size=14))
    for line in guide_lines():
        append_row(sheet, [line])


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
