"""Reads of the framework: competences with how many instruments measure them, and a
competence's ties to items, limited to the instruments the user sees."""

from django.db.models import Count, Q

from . import usage


def with_usage(queryset, user):
    """Each competence with the number of instruments (that the user sees) measuring it."""
    instruments = usage.visible_instruments(user).values("pk")
    return queryset.select_related("group", "parent").annotate(
        instrument_count=Count(
            "item__instrument", filter=Q(item__instrument__in=instruments), distinct=True
        )
    )


def visible_links(competence, user):
    """The item ties of a competence in the instruments the user sees, by instrument and item."""
    instruments = usage.visible_instruments(user).values("pk")
    links = usage.competence_links(competence).filter(item__instrument__in=instruments)
    return links.select_related("item__instrument__region").order_by(
        "item__instrument__title", "item__instrument_id", "item__order", "item_id"
    )


def tree_rows(competences):
    """(competence, depth) with every child right under its parent, the given order kept among
    siblings. A competence whose parent was filtered out starts a branch of its own."""
    present = {competence.pk for competence in competences}
    children = {}
    roots = []
    for competence in competences:
        if competence.parent_id in present:
            children.setdefault(competence.parent_id, []).append(competence)
        else:
            roots.append(competence)
    rows = []
    stack = [(root, 0) for root in reversed(roots)]
    while stack:
        competence, depth = stack.pop()
        rows.append((competence, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(competence.pk, [])))
    return rows
