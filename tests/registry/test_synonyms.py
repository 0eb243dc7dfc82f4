"""Synonyms of positions and subjects: the seeded ones."""

from importlib import import_module

from profrost.core.importers.references import reference_key
from profrost.registry.models import ReferenceKind, ReferenceSynonym

seeds = import_module("profrost.registry.migrations.0005_seed_reference_synonyms")


def test_every_seeded_synonym_is_there_with_the_key_imports_compare(db):
    seeded = {(s.kind, s.synonym): s for s in ReferenceSynonym.objects.all()}
    expected = [(ReferenceKind.POSITION, pair) for pair in seeds.POSITIONS] + [
        (ReferenceKind.SUBJECT, pair) for pair in seeds.SUBJECTS
    ]
    assert len(seeded) == len(expected)
    for kind, (synonym, name) in expected:
        stored = seeded[(kind, synonym)]
        assert (stored.key, str(stored.target)) == (reference_key(synonym), name)
