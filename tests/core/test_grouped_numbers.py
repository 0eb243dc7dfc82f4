"""Large numbers read with their thousands apart (issue 19: «Найдено: 4996», «100074 часа»)."""

from django.template import Context, Template

from profrost.core.text import count_phrase, grouped

NBSP = "\xa0"


def test_a_count_groups_its_thousands_and_keeps_its_plural():
    assert count_phrase(4996, ("запись", "записи", "записей")) == f"4{NBSP}996 записей"
    assert count_phrase(21, ("запись", "записи", "записей")) == "21 запись"
    assert grouped(100074) == f"100{NBSP}074"
    assert grouped(999) == "999"


def test_the_template_filter_groups_and_leaves_nothing_for_none():
    template = Template("{% load profrost %}{{ hours|grouped }}|{{ none|grouped }}")
    assert template.render(Context({"hours": 100074, "none": None})) == f"100{NBSP}074|"
