from rest_framework.filters import SearchFilter

from profrost.core.search import search


class FoldedSearchFilter(SearchFilter):
    """DRF search through the project's case- and ё-insensitive search (SQLite folds only ASCII).

    A field written `=name` matches exactly, as in DRF.
    """

    def filter_queryset(self, request, queryset, view):
        fields = self.get_search_fields(view, request)
        text = " ".join(self.get_search_terms(request))
        if not fields or not text:
            return queryset
        exact = [field[1:] for field in fields if field.startswith("=")]
        folded = [field for field in fields if not field.startswith(("=", "^", "@", "$"))]
        if exact and len(text.split()) == 1:
            matches = queryset.filter(**{exact[0]: text})
            for field in exact[1:]:
                matches = matches | queryset.filter(**{field: text})
            return (search(queryset, text, folded) | matches).distinct()
        return search(queryset, text, folded)
