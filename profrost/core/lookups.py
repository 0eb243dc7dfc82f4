"""Pickers: a person or an organization chosen by typing part of the name.

A lookup is a named function `rows(user, **params) -> queryset`, registered by the app that owns
the choice. The form field takes its queryset from the lookup and the endpoint
`/lookup/<name>/?q=…` searches the same queryset, so what the picker offers and what the form
accepts cannot diverge: a person outside the lookup is neither found nor valid. `params` are the
few context values a lookup needs (the route whose tutor is chosen); the form puts them into
the widget's URL, and the lookup resolves them through the user's scope itself, so a forged one
finds nothing.

The widget renders only the chosen option(s), so a region of 30 000 people is not written into
the page; `static/js/profrost.js` turns it into a Tom Select that asks the endpoint. Lookups are
registered in the module of the form that uses them: `CoreConfig.ready()` imports every app's
`forms` module at start, and the URLconf imports the rest (each view its forms) before a request
reaches the endpoint.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .search import search

MIN_LENGTH = 2
LIMIT = 20


@dataclass(frozen=True)
class Lookup:
    name: str
    rows: object  # (user, **params) -> queryset
    search_fields: tuple
    params: tuple = ()
    hint: object = None  # row -> str, shown beside the name (organization, position)
    placeholder: str = field(default=_("Начните вводить название"))

    def queryset(self, user, params):
        given = {key: str(params[key]) for key in self.params if params.get(key) not in (None, "")}
        return self.rows(user, **given)

    def found(self, user, params, text):
        """At most LIMIT rows matching every word of `text`; none for fewer than MIN_LENGTH
        letters, which would match half the region."""
        text = (text or "").strip()
        if len(text) < MIN_LENGTH:
            return []
        return list(search(self.queryset(user, params), text, self.search_fields)[:LIMIT])

    def label(self, row):
        hint = self.hint(row) if self.hint else ""
        return f"{row} — {hint}" if hint else str(row)

    def as_json(self, row):
        return {"id": row.pk, "text": str(row), "hint": self.hint(row) if self.hint else ""}


LOOKUPS = {}


def register(name, *, search, params=(), hint=None, placeholder=None):
    """Registers the decorated `rows(user, **params)` under `name`."""

    def decorate(rows):
        extra = {"placeholder": placeholder} if placeholder else {}
        LOOKUPS[name] = Lookup(name, rows, tuple(search), tuple(params), hint, **extra)
        return rows

    return decorate


def row_or_none(queryset, value):
    """The row of `queryset` with primary key `value` (a lookup's parameter as typed), or None."""
    if not str(value).isdigit():
        return None
    return queryset.filter(pk=int(value)).first()


@require_GET
@login_required
def lookup_view(request, name):
    lookup = LOOKUPS.get(name)
    if lookup is None:
        raise Http404
    rows = lookup.found(request.user, request.GET, request.GET.get("q"))
    return JsonResponse({"results": [lookup.as_json(row) for row in rows]})


class LookupSelect(forms.Select):
    """A select holding only the chosen option; the script searches the rest as one types."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.url = ""
        self.placeholder = ""

    def optgroups(self, name, value, attrs=None):
        chosen = [item for item in value if str(item).isdigit()]
        field = self.choices.field
        rows = field.queryset.filter(pk__in=chosen) if chosen else []
        options = [("", field.empty_label)] if self.keeps_empty(field) else []
        options += [self.choices.choice(row) for row in rows]
        return [
            (None, [self.create_option(name, key, label, str(key) in value, index, attrs=attrs)], 0)
            for index, (key, label) in enumerate(options)
        ]

    def keeps_empty(self, field):
        return not self.allow_multiple_selected and field.empty_label is not None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {"data-lookup": self.url, "data-placeholder": self.placeholder}
        )
        return context


class LookupSelectMultiple(LookupSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False


class LookupMixin:
    def __init__(self, lookup, **kwargs):
        kwargs.setdefault("queryset", None)
        kwargs.setdefault("widget", self.lookup_widget)
        super().__init__(**kwargs)
        self.lookup_name = lookup

    @property
    def lookup(self):
        # Looked up when used: the field is declared while its forms module registers lookups.
        return LOOKUPS[self.lookup_name]

    def bind(self, user, **params):
        """Takes the choices from the lookup for this user and context, and points the widget's
        search at the same lookup with the same context."""
        given = {key: getattr(value, "pk", value) for key, value in params.items()}
        given = {key: value for key, value in given.items() if value is not None}
        self.queryset = self.lookup.queryset(user, given)
        self.widget.placeholder = self.lookup.placeholder
        url = reverse("lookup", args=[self.lookup.name])
        query = urlencode(given)
        self.widget.url = f"{url}?{query}" if query else url
        return self

    def label_from_instance(self, obj):
        return self.lookup.label(obj)


class LookupField(LookupMixin, forms.ModelChoiceField):
    """One person or organization picked through the named lookup; call `bind(user, ...)` in the
    form's `__init__`."""

    lookup_widget = LookupSelect

    @classmethod
    def replacing(cls, field, lookup):
        """A model form's own field turned into the picker of `lookup`, with its label, help
        and whether it is required."""
        return cls(lookup, label=field.label, required=field.required, help_text=field.help_text)


class LookupMultipleField(LookupMixin, forms.ModelMultipleChoiceField):
    lookup_widget = LookupSelectMultiple
