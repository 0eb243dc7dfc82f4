"""The migrations stand on their own: a data migration carries its own copy of what it loads, and
that copy is, for now, what the live modules describe (the test database is freshly migrated)."""

import ast
from pathlib import Path

import pytest

import profrost
from profrost.competences.framework import GROUPS, iter_competences
from profrost.competences.models import Competence, CompetenceGroup
from profrost.diagnostics.models import Instrument, Item
from profrost.diagnostics.shipped import INSTRUMENTS, item_fields
from profrost.registry.models import Position, Subject
from profrost.registry.reference import MANAGEMENT_POSITIONS, SUBJECTS, TEACHING_POSITIONS

MIGRATIONS = sorted(Path(profrost.__file__).parent.glob("*/migrations/[0-9]*.py"))


def live_references(path):
    """The places where a migration reaches into profrost's code, other than the validators
    of a field, which the autodetector writes by their import path and must stay importable."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_validators = {
        id(node)
        for keyword in ast.walk(tree)
        if isinstance(keyword, ast.keyword) and keyword.arg == "validators"
        for node in ast.walk(keyword.value)
    }

    def reaches_in(node):
        if isinstance(node, ast.ImportFrom):
            return (node.module or "").startswith("profrost")
        is_profrost = isinstance(node, ast.Name) and node.id == "profrost"
        return is_profrost and id(node) not in in_validators

    where = f"{path.parent.parent.name}/{path.name}"
    return [f"{where}:{node.lineno}" for node in ast.walk(tree) if reaches_in(node)]


def test_migrations_found_include_the_data_migrations():
    names = {f"{path.parent.parent.name}/{path.stem}" for path in MIGRATIONS}
    assert {
        "competences/0002_default_framework",
        "diagnostics/0002_shipped_instruments",
        "registry/0002_reference_lists",
    } <= names


def test_migrations_import_nothing_from_profrost_but_field_validators():
    assert [place for path in MIGRATIONS for place in live_references(path)] == []


@pytest.mark.django_db
def test_migrated_competence_groups_are_those_of_framework_py():
    expected = [
        (group["code"], group["name"], group["audience"], order)
        for order, group in enumerate(GROUPS, start=1)
    ]

    assert (
        list(CompetenceGroup.objects.values_list("code", "name", "audience", "order")) == expected
    )


@pytest.mark.django_db
def test_migrated_competences_with_their_parents_are_those_of_framework_py():
    fields = ["name", "description", "labour_function"]
    expected = [
        (data["code"], group, parent, order, True, *(data[name] for name in fields))
        for group, parent, data, order in iter_competences()
    ]
    rows = Competence.objects.order_by("group__order", "order").values_list(
        "code", "group__code", "parent__code", "order", "is_active", *fields
    )

    assert list(rows) == expected


INSTRUMENT_FIELDS = ["title", "kind", "description", "instructions"]
SHIPPED_AS = {"status": "published", "region_id": None, "deficit_below": 50, "proficient_from": 75}
ITEM_FIELDS = [
    field.name for field in Item._meta.concrete_fields if field.name not in ("id", "instrument")
]


def described_item(order, data):
    fields = {name: Item._meta.get_field(name).get_default() for name in ITEM_FIELDS}
    fields.update(order=order, **item_fields(data))
    options = [(number, *option) for number, option in enumerate(data.get("options", ()), 1)]
    return fields, options, data["competences"]


def migrated_item(item):
    options = [(option.order, option.text, option.points) for option in item.options.all()]
    links = {link.competence.code: link.weight for link in item.links.all()}
    return {name: getattr(item, name) for name in ITEM_FIELDS}, options, links


@pytest.mark.django_db
def test_migrated_instruments_with_items_options_and_links_are_those_of_shipped_py():
    described = {
        data["code"]: (
            {**{name: data[name] for name in INSTRUMENT_FIELDS}, **SHIPPED_AS},
            [described_item(order, item) for order, item in enumerate(data["items"], 1)],
        )
        for data in INSTRUMENTS
    }
    instruments = Instrument.objects.prefetch_related("items__options", "items__links__competence")
    migrated = {
        instrument.code: (
            {name: getattr(instrument, name) for name in [*INSTRUMENT_FIELDS, *SHIPPED_AS]},
            [migrated_item(item) for item in instrument.items.order_by("order")],
        )
        for instrument in instruments
    }

    assert migrated == described


@pytest.mark.django_db
def test_migrated_positions_and_subjects_are_those_of_reference_py():
    positions = [(name, "teaching") for name in TEACHING_POSITIONS] + [
        (name, "management") for name in MANAGEMENT_POSITIONS
    ]

    assert list(Position.objects.order_by("order").values_list("name", "category", "order")) == [
        (name, category, order) for order, (name, category) in enumerate(positions, start=1)
    ]
    assert list(Subject.objects.order_by("order").values_list("name", "order")) == [
        (name, order) for order, name in enumerate(SUBJECTS, start=1)
    ]
