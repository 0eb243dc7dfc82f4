from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from profrost.datarequests import values
from profrost.datarequests.models import FieldKind, RequestField


def field(kind, **extra):
    return RequestField(pk=1, label="Поле", kind=kind, **extra)


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        (FieldKind.NUMBER, "12,5", Decimal("12.5")),
        (FieldKind.NUMBER, " 1 250,75 ", Decimal("1250.75")),
        (FieldKind.NUMBER, 3.25, Decimal("3.25")),
        (FieldKind.INTEGER, "42", 42),
        (FieldKind.INTEGER, "7,0", 7),
        (FieldKind.INTEGER, 15, 15),
        (FieldKind.BOOLEAN, "yes", True),
        (FieldKind.BOOLEAN, "нет", False),
        (FieldKind.BOOLEAN, False, False),
        (FieldKind.DATE, "01.09.2026", date(2026, 9, 1)),
        (FieldKind.DATE, "2026-09-01", date(2026, 9, 1)),
        (FieldKind.TEXT, "  Есть план  ", "Есть план"),
        (FieldKind.NUMBER, "", None),
        (FieldKind.DATE, None, None),
    ],
)
def test_parse_typed_values(kind, raw, expected):
    assert values.parse(field(kind), raw) == expected


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        (FieldKind.NUMBER, "двенадцать", "Введите число, например 12,5."),
        (FieldKind.NUMBER, "1,23456", "Не больше 4 знаков после запятой."),
        (FieldKind.NUMBER, "1e20", "Слишком большое число."),
        (FieldKind.INTEGER, "2,5", "Введите целое число, без дробной части."),
        (FieldKind.INTEGER, "abc", "Введите целое число."),
        (FieldKind.INTEGER, True, "Введите число."),
        (FieldKind.BOOLEAN, "может быть", "Выберите «да» или «нет»."),
        (FieldKind.DATE, "31.02.2026", "Введите дату в формате дд.мм.гггг."),
    ],
)
def test_parse_wrong_values_russian_messages(kind, raw, message):
    with pytest.raises(ValidationError) as error:
        values.parse(field(kind), raw)

    assert error.value.messages == [message]


def test_parse_number_outside_range_refused():
    limited = field(FieldKind.INTEGER, min_value=Decimal(0), max_value=Decimal(100))

    with pytest.raises(ValidationError) as low:
        values.parse(limited, "-1")
    with pytest.raises(ValidationError) as high:
        values.parse(limited, "101")

    assert low.value.messages == ["Значение должно быть не меньше 0."]
    assert high.value.messages == ["Значение должно быть не больше 100."]
    assert values.parse(limited, "100") == 100


def test_parse_choice_only_listed_options():
    choice = field(FieldKind.CHOICE, choices="Очно\nДистанционно")

    assert values.parse(choice, "Очно") == "Очно"
    with pytest.raises(ValidationError) as error:
        values.parse(choice, "Заочно")
    assert error.value.messages == ["Выберите один из вариантов списка."]


def test_parse_all_required_missing_and_wrong_reported_together():
    fields = [
        RequestField(pk=1, label="А", kind=FieldKind.INTEGER, required=True),
        RequestField(pk=2, label="Б", kind=FieldKind.NUMBER, required=True),
        RequestField(pk=3, label="В", kind=FieldKind.TEXT, required=False),
    ]

    parsed, errors = values.parse_all(fields, {1: "x", 3: "текст"}, require=True)

    assert parsed == {3: "текст"}
    assert errors == {1: "Введите целое число.", 2: "Заполните обязательное поле."}


@pytest.mark.parametrize(
    ("kind", "value", "text"),
    [
        (FieldKind.NUMBER, Decimal("12.5000"), "12,5"),
        (FieldKind.INTEGER, 7, "7"),
        (FieldKind.BOOLEAN, True, "да"),
        (FieldKind.DATE, date(2026, 9, 1), "01.09.2026"),
        (FieldKind.TEXT, None, ""),
    ],
)
def test_display_values_as_people_read_them(kind, value, text):
    assert values.display(field(kind), value) == text
