"""Reference columns: a cell that names a row of a reference list (a position, a subject).

A value is matched to a row by its name or by a synonym administrators keep, both compared
after normalisation (`reference_key`: case, ё/е, spaces, punctuation, common abbreviations).
A value that matches nothing is asked in the preview with its closest rows (rapidfuzz); the
user's one choice applies to every row with that value, and may be kept as a synonym.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from .cells import match_key

PUNCTUATION = re.compile(r"[.,;:!?«»\"'()\[\]/\\\-–—_]+")
# Abbreviations of words seen in rosters, as whole words; ambiguous ones («уч.», «физ.», «нач.»)
# are left out.
ABBREVIATIONS = {
    "зам": "заместитель",
    "замдиректора": "заместитель директора",
    "дир": "директора",
    "пед": "педагог",
    "доп": "дополнительного",
    "обр": "образования",
    "образ": "образования",
    "рук": "руководитель",
    "иностр": "иностранный",
    "ин": "иностранный",
    "яз": "язык",
    "англ": "английский",
    "нем": "немецкий",
    "франц": "французский",
    "фр": "французский",
    "лит": "литература",
    "информ": "информатика",
    "культ": "культура",
    "муз": "музыкальный",
}
CANDIDATES = 3
CANDIDATE_SCORE = 60


def reference_key(text):
    """«Зам. директора по УВР» → «заместитель директора по увр»."""
    words = PUNCTUATION.sub(" ", match_key(text)).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def likeness(query, choice, **kwargs):
    # The words in common («учитель математики» is like «учитель»), or the letters for a typo
    # or a contraction («физкультура», «физическая культура»).
    return max(fuzz.token_set_ratio(query, choice), fuzz.ratio(query, choice))


def suggestion(text, words, labels):
    """For a value of a fixed word list ({word: value}) that matched none: « Возможно, имелось
    в виду «…».» with the label ({value: label}) of the closest word, or "" when none is close."""
    # Letters, not shared words: in a short fixed list a typo is the usual miss, and «очно
    # заочно» shares a word with «очная» but is a letter away from «очно-заочная».
    found = process.extractOne(
        reference_key(text), list(words), scorer=fuzz.ratio, score_cutoff=CANDIDATE_SCORE
    )
    if found is None:
        return ""
    return " " + _("Возможно, имелось в виду «%(label)s».") % {"label": labels[words[found[0]]]}


class Reference:
    """A reference list an import column is matched against. The app that keeps the list
    subclasses it: `load()` gives its rows (each with `pk` and `str()`) and the synonyms as
    (text, row pk); `add_synonym()` keeps a user's choice for everyone."""

    def load(self):
        raise NotImplementedError

    def add_synonym(self, text, pk, user):
        raise NotImplementedError


class Vocabulary:
    """A reference list loaded for one plan: rows by their names and synonyms."""

    def __init__(self, rows, synonyms):
        self.rows = list(rows)
        self.by_pk = {row.pk: row for row in self.rows}
        self.names = {reference_key(str(row)): row for row in self.rows}
        self.synonyms = {}
        for text, pk in synonyms:
            if pk in self.by_pk:
                self.synonyms.setdefault(reference_key(text), self.by_pk[pk])
        self.choices = {**self.synonyms, **self.names}

    def find(self, key):
        """(row, by a synonym) for a value key, or (None, False)."""
        if key in self.names:
            return self.names[key], False
        return self.synonyms.get(key), key in self.synonyms

    def candidates(self, key):
        found = process.extract(
            key, list(self.choices), scorer=likeness, limit=None, score_cutoff=CANDIDATE_SCORE
        )
        rows = dict.fromkeys(self.choices[choice] for choice, _score, _index in found)
        return list(rows)[:CANDIDATES]

    def options(self):
        return [[row.pk, str(row)] for row in self.rows]


@dataclass
class ValueQuestion:
    """A value of a reference column that matches no row: one choice for all its rows."""

    column: str
    header: str
    value: str  # as first written in the file
    key: str
    candidates: list
    choice: int | None = None
    rows: int = 0

    def as_dict(self):
        return {
            "column": self.column,
            "header": self.header,
            "value": self.value,
            "key": self.key,
            "rows": self.rows,
            "candidates": [[row.pk, str(row)] for row in self.candidates],
            "choice": self.choice,
        }
