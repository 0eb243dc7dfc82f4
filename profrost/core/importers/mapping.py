"""The user's answers to a preview, and the column mappings remembered for their scope.

A user maps a header the importer does not know to one of its columns (or «не загружать»); the
choice is kept in the batch and in ColumnMapping, for the user's scope and the kind of import,
so the next file with the same header is mapped by itself. The scope is the narrowest the user
holds the import permission over: an organization, else a municipality, else a region (the
smallest id among equals); the system (no user) and superusers share one scope of their own.
"""

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from profrost.core.models import ColumnMapping
from profrost.core.scoping import resolve_scope

SKIP = ""  # «не загружать»
MAPPING_KEY_LENGTH = ColumnMapping._meta.get_field("header_key").max_length
HEADER_SUGGESTION_SCORE = 85


@dataclass
class Answers:
    """What the user chose in the preview: a column key (or SKIP) by header key, and a
    reference row pk by column key and value key."""

    columns: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)

    @classmethod
    def of(cls, data):
        data = data or {}
        values = {column: dict(chosen) for column, chosen in data.get("values", {}).items()}
        return cls(dict(data.get("columns", {})), values)

    def as_dict(self):
        return {"columns": self.columns, "values": self.values}

    def updated(self, columns, values):
        merged = {key: dict(chosen) for key, chosen in self.values.items()}
        for (column, key), pk in values.items():
            merged.setdefault(column, {})[key] = pk
        return Answers({**self.columns, **columns}, merged)

    def value(self, column, key):
        return self.values.get(column, {}).get(key)


SCOPE_FIELDS = ("organization", "municipality", "region")  # the narrowest first


def scope_of(user, perm):
    """The scope a user's mappings are remembered for, as ColumnMapping filters; None for a
    user without one."""
    scope = resolve_scope(user, perm) if user is not None else None
    filters = {f"{name}_id": None for name in SCOPE_FIELDS}
    if scope is None or scope.everything:
        return filters
    for name in SCOPE_FIELDS:
        ids = getattr(scope, f"{name}_ids")
        if ids:
            return {**filters, f"{name}_id": min(ids)}
    return None


def remembered(kind, user, perm):
    """{header key: column key or SKIP} remembered for the user's scope."""
    scope = scope_of(user, perm)
    if scope is None:
        return {}
    rows = ColumnMapping.objects.filter(kind=kind, **scope)
    return dict(rows.values_list("header_key", "field"))


def remember(kind, user, perm, chosen):
    """Keep the user's choices {header key: (header, column key or SKIP)} for their scope."""
    scope = scope_of(user, perm)
    if scope is None:
        return
    for key, (header, column) in chosen.items():
        if len(key) > MAPPING_KEY_LENGTH:
            continue  # no real header is that long; the batch still keeps the answer
        ColumnMapping.objects.update_or_create(
            kind=kind,
            header_key=key,
            **scope,
            defaults={"header": header[:MAPPING_KEY_LENGTH], "field": column, "updated_by": user},
        )


def suggest_column(header, names):
    """The column a header most likely stands for, {name: column key} by header key, or None
    when nothing is close: «тел.» → «Телефон», «Фамилия работника» → «Фамилия»."""
    if not names:
        return None
    found = process.extractOne(
        header, list(names), scorer=fuzz.WRatio, score_cutoff=HEADER_SUGGESTION_SCORE
    )
    return names[found[0]] if found else None
