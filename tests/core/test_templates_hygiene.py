"""Templates stay readable and compare choices through their classes (docs/architecture.md)."""

import re
from pathlib import Path

from django.conf import settings
from django.db import models

from profrost.core.context_processors import choice_classes

TEMPLATES = Path(settings.BASE_DIR) / "profrost" / "templates"
MAX_LINE = 160
TAG = re.compile(r"{%-?\s*(?:el)?if\b(.*?)%}")
COMPARED = re.compile(
    r"""(?:==|!=|\bin)\s*(["'])(.*?)\1|(["'])(.*?)\3\s*(?:==|!=|\bin\b|\bnot\s+in\b)"""
)


def templates():
    return sorted(TEMPLATES.rglob("*.html"))


def text_choice_values():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {member.value for cls in subclasses(models.TextChoices) for member in cls}


def compared_literals(line):
    for tag in TAG.finditer(line):
        for match in COMPARED.finditer(tag.group(1)):
            yield match.group(2) if match.group(1) else match.group(4)


def test_no_template_line_is_longer_than_the_limit():
    long = [
        f"{path.relative_to(TEMPLATES)}:{number} ({len(line)})"
        for path in templates()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if len(line) > MAX_LINE
    ]
    assert long == []


# allauth's element templates test allauth's own tags («secondary», «outline»), not our values.
OWN_VOCABULARY = ("allauth/elements/",)


def test_no_template_compares_to_a_choice_value_literal():
    values = text_choice_values()
    found = [
        f"{path.relative_to(TEMPLATES)}:{number} «{literal}»"
        for path in templates()
        if not str(path.relative_to(TEMPLATES)).startswith(OWN_VOCABULARY)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        for literal in compared_literals(line)
        if literal in values
    ]
    assert found == []


def test_the_literal_finder_sees_both_quotes_and_sides():
    line = """{% if a == "draft" %}x{% elif 'sent' != b.c or d in "closed" %}{% endif %}"""
    assert list(compared_literals(line)) == ["draft", "sent", "closed"]


def test_choices_reach_templates_by_app_and_class():
    classes = choice_classes()
    assert classes["datarequests"]["RequestStatus"].DRAFT == "draft"
    assert classes["programs"]["RequestStatus"].NEW == "new"
    assert classes["core"]["JobStatus"].DONE == "done"
