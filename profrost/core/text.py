"""Russian plural forms."""


def plural_form(number, forms):
    """forms are (one, few, many): («запись», «записи», «записей»)."""
    number = abs(int(number))
    if number % 10 == 1 and number % 100 != 11:
        return forms[0]
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return forms[1]
    return forms[2]


def count_phrase(number, forms):
    return f"{number} {plural_form(number, forms)}"
