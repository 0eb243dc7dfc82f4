"""Russian plural forms and grouped numbers."""

from django.utils.formats import number_format


def plural_form(number, forms):
    """forms are (one, few, many): («запись», «записи», «записей»)."""
    number = abs(int(number))
    if number % 10 == 1 and number % 100 != 11:
        return forms[0]
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return forms[1]
    return forms[2]


def grouped(number):
    """A number with its thousands apart, as Russian writes them: «4 996», «100 074»."""
    return number_format(number, force_grouping=True)


def count_phrase(number, forms):
    return f"{grouped(number)} {plural_form(number, forms)}"
