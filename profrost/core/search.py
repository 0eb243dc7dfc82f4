"""Case- and ё-insensitive search that works alike on SQLite and PostgreSQL.

SQLite's LIKE and LOWER fold only ASCII letters, so on SQLite the folding is a Python function
registered on every connection; PostgreSQL folds Cyrillic itself.
"""

from django.db.models import CharField, Func, Q
from django.db.models.functions import Cast

SQLITE_FUNCTION = "profrost_fold"


def fold(value):
    if value is None:
        return None
    return str(value).lower().replace("ё", "е")


def register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)


class Folded(Func):
    output_field = CharField()
    template = "LOWER(TRANSLATE(%(expressions)s, 'ёЁ', 'еЕ'))"

    def __init__(self, expression, **extra):
        super().__init__(Cast(expression, CharField()), **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template=f"{SQLITE_FUNCTION}(%(expressions)s)")


def search(queryset, text, fields):
    """Rows where every word of `text` occurs in at least one of `fields`."""
    terms = [fold(term) for term in text.split()]
    if not terms or not fields:
        return queryset
    aliases = {f"_search_{index}": Folded(field) for index, field in enumerate(fields)}
    queryset = queryset.alias(**aliases)
    for term in terms:
        query = Q()
        for alias in aliases:
            query |= Q(**{f"{alias}__contains": term})
        queryset = queryset.filter(query)
    return queryset
