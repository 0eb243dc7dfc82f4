from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from profrost.core.dates import add_years
from profrost.registry.validators import (
    format_snils,
    inn_is_valid,
    make_inn,
    make_snils,
    snils_control,
    snils_is_placeholder,
    snils_is_valid,
    validate_birth_date,
    validate_oktmo,
    validate_organization_inn,
    validate_snils,
)


@pytest.mark.parametrize("inn", ["7707083893", "7830002293", "5408106348"])
def test_inn_known_organization_numbers_are_valid(inn):
    assert inn_is_valid(inn)


def test_inn_with_wrong_control_digit_is_invalid():
    assert not inn_is_valid("7707083894")


def test_inn_twelve_digit_personal_number_is_checked():
    assert inn_is_valid("500100732259")
    assert not inn_is_valid("500100732258")


def test_validate_organization_inn_refuses_wrong_length_in_russian():
    with pytest.raises(ValidationError) as error:
        validate_organization_inn("12345")
    assert error.value.messages == ["ИНН организации состоит из 10 цифр."]


def test_validate_organization_inn_refuses_bad_checksum_in_russian():
    with pytest.raises(ValidationError) as error:
        validate_organization_inn("7707083894")
    assert error.value.messages == ["ИНН 7707083894 не проходит проверку контрольного числа."]


@pytest.mark.parametrize("snils", ["112-233-445 95", "11223344595", "112 233 445 95"])
def test_snils_known_number_is_valid_in_any_spelling(snils):
    assert snils_is_valid(snils)


def test_snils_with_wrong_control_number_is_invalid():
    assert not snils_is_valid("112-233-445 96")


def test_snils_control_of_a_sum_of_100_or_101_is_zero():
    # 9*9 + 1*8 + 1*7 + 1*2 + 2*1 = 100 and with a last 3 it is 101.
    assert snils_control("911000012") == 0
    assert snils_control("911000013") == 0


def test_snils_control_above_101_is_taken_modulo_101():
    # 9*9 + 9*8 = 153; 153 % 101 = 52
    assert snils_control("990000000") == 52


def test_validate_snils_refuses_bad_checksum_in_russian():
    with pytest.raises(ValidationError) as error:
        validate_snils("112-233-445 96")
    assert error.value.messages == ["СНИЛС 112-233-445 96 не проходит проверку контрольного числа."]


def test_validate_snils_refuses_letters():
    with pytest.raises(ValidationError) as error:
        validate_snils("12a-456-789 01")
    assert error.value.messages == ["СНИЛС состоит из 11 цифр (формат 123-456-789 01)."]


def test_make_inn_and_make_snils_give_valid_numbers():
    for base in (100000000, 123456789, 987654321):
        assert inn_is_valid(make_inn(base))
        assert snils_is_valid(make_snils(base))


def test_format_snils_groups_digits():
    assert format_snils("11223344595") == "112-233-445 95"


@pytest.mark.parametrize("code", ["45000000", "45379000001"])
def test_validate_oktmo_accepts_8_and_11_digits(code):
    validate_oktmo(code)


def test_validate_oktmo_refuses_other_lengths():
    with pytest.raises(ValidationError):
        validate_oktmo("4537900")


@pytest.mark.parametrize(
    "snils", ["000-000-000 00", "001-001-998 00", "000-000-001 01", "111-111-111 45", "99999999999"]
)
def test_snils_placeholders_are_refused_even_with_a_right_checksum(snils):
    # 111-111-111 45 passes the checksum: 1 × (9 + 8 + … + 1) = 45.
    assert snils_is_placeholder(snils)
    assert not snils_is_valid(snils)
    with pytest.raises(ValidationError) as error:
        validate_snils(snils)
    assert error.value.messages == [
        f"СНИЛС {format_snils(snils)} — условный номер, такие номера не выдаются. Укажите "
        "настоящий СНИЛС работника или оставьте поле пустым."
    ]


def test_snils_just_above_the_reserved_range_is_checked_and_valid():
    snils = make_snils(1_001_999)
    assert snils.startswith("001001999")
    assert not snils_is_placeholder(snils)
    validate_snils(snils)


@pytest.mark.parametrize(
    ("years_ago", "message"),
    [
        (None, "Дата рождения раньше 01.01.1930: проверьте год."),
        (13, "Работнику не может быть меньше 14 лет."),
        (-1, "Дата рождения не может быть в будущем."),
    ],
)
def test_validate_birth_date_refuses_dates_before_1930_under_14_and_in_the_future(
    years_ago, message
):
    today = timezone.localdate()
    day = date(1929, 12, 31) if years_ago is None else add_years(today, -years_ago)
    with pytest.raises(ValidationError) as error:
        validate_birth_date(day)
    assert error.value.messages == [message]


def test_validate_birth_date_accepts_1930_and_exactly_14_years():
    validate_birth_date(date(1930, 1, 1))
    validate_birth_date(add_years(timezone.localdate(), -14))
