"""Checksums and formats of Russian identifiers (ИНН, СНИЛС, ОКТМО) and the bounds of a
worker's birth date."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The Pension Fund does not issue numbers up to 001-001-998; the checksum applies above them.
LAST_RESERVED_SNILS = 1_001_998
EARLIEST_BIRTH_DATE = date(1930, 1, 1)
YOUNGEST_WORKER_AGE = 14

INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
INN11_WEIGHTS = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
INN12_WEIGHTS = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _digits(value):
    return re.sub(r"[\s\-]", "", str(value or ""))


def _control(digits, weights):
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(value):
    digits = _digits(value)
    if not digits.isdigit():
        return False
    if len(digits) == 10:
        return _control(digits, INN10_WEIGHTS) == int(digits[9])
    if len(digits) == 12:
        return _control(digits, INN11_WEIGHTS) == int(digits[10]) and _control(
            digits, INN12_WEIGHTS
        ) == int(digits[11])
    return False


def validate_organization_inn(value):
    digits = _digits(value)
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError(_("ИНН организации состоит из 10 цифр."), code="inn_length")
    if not inn_is_valid(digits):
        raise ValidationError(
            _("ИНН %(value)s не проходит проверку контрольного числа."),
            code="inn_checksum",
            params={"value": digits},
        )


def snils_control(nine_digits):
    total = sum(int(d) * (9 - i) for i, d in enumerate(nine_digits))
    if total > 101:
        total %= 101
    return 0 if total in (100, 101) else total


def normalize_snils(value):
    return _digits(value)


def format_snils(value):
    digits = normalize_snils(value)
    if len(digits) != 11:
        return value
    return f"{digits[0:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:11]}"


def snils_is_placeholder(value):
    """A number typed where the real one is unknown: 000-000-000 00 and the rest of the range
    that is never issued, or one digit nine times, as in 111-111-111 11."""
    number = normalize_snils(value)[:9]
    return int(number) <= LAST_RESERVED_SNILS or len(set(number)) == 1


def snils_is_valid(value):
    digits = normalize_snils(value)
    if len(digits) != 11 or not digits.isdigit() or snils_is_placeholder(digits):
        return False
    return snils_control(digits[:9]) == int(digits[9:])


def validate_snils(value):
    digits = normalize_snils(value)
    if len(digits) != 11 or not digits.isdigit():
        raise ValidationError(
            _("СНИЛС состоит из 11 цифр (формат 123-456-789 01)."), code="snils_length"
        )
    if snils_is_placeholder(digits):
        raise ValidationError(
            _(
                "СНИЛС %(value)s — условный номер, такие номера не выдаются. Укажите настоящий "
                "СНИЛС работника или оставьте поле пустым."
            ),
            code="snils_placeholder",
            params={"value": format_snils(digits)},
        )
    if not snils_is_valid(digits):
        raise ValidationError(
            _("СНИЛС %(value)s не проходит проверку контрольного числа."),
            code="snils_checksum",
            params={"value": format_snils(digits)},
        )


def validate_birth_date(value):
    today = timezone.localdate()
    if value > today:
        raise ValidationError(_("Дата рождения не может быть в будущем."), code="birth_future")
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(
            _("Дата рождения раньше 01.01.1930: проверьте год."), code="birth_too_early"
        )
    age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    if age < YOUNGEST_WORKER_AGE:
        raise ValidationError(_("Работнику не может быть меньше 14 лет."), code="birth_too_late")


def validate_oktmo(value):
    digits = _digits(value)
    if not digits.isdigit() or len(digits) not in (8, 11):
        raise ValidationError(_("Код ОКТМО состоит из 8 или 11 цифр."), code="oktmo")


def make_inn(nine_digits):
    """A valid 10-digit ИНН from its first nine digits (for demo data and tests)."""
    nine_digits = str(nine_digits).zfill(9)[:9]
    return nine_digits + str(_control(nine_digits, INN10_WEIGHTS))


def make_snils(nine_digits):
    """A valid СНИЛС (11 digits) from its first nine digits, above 001-001-998."""
    nine_digits = str(nine_digits).zfill(9)[:9]
    return nine_digits + str(snils_control(nine_digits)).zfill(2)
