"""Synonyms of positions and subjects: the seeded ones, and the page where the regional
administrator keeps them."""

from importlib import import_module

from django.urls import reverse

from profrost.core.importers.references import reference_key
from profrost.core.models import AuditEntry
from profrost.registry.models import Position, ReferenceKind, ReferenceSynonym, Subject

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


def test_the_regional_admin_adds_a_synonym(client, regional_admin):
    client.force_login(regional_admin)
    teacher = Position.objects.get(name="Учитель")

    response = client.post(
        reverse("registry:synonym_create"),
        {"kind": ReferenceKind.POSITION, "synonym": "Учитель  Математики", "position": teacher.pk},
    )

    assert response.status_code == 302
    synonym = ReferenceSynonym.objects.get(key="учитель математики")
    assert (synonym.position, synonym.created_by) == (teacher, regional_admin)
    assert AuditEntry.objects.filter(action="registry.synonym.created").exists()
    page = client.get(reverse("registry:synonym_list"), {"q": "математики"}).content.decode()
    assert "Учитель  Математики" in page or "Учитель Математики" in page


def test_a_synonym_already_kept_is_refused(client, regional_admin):
    client.force_login(regional_admin)
    maths = Subject.objects.get(name="Математика")

    response = client.post(
        reverse("registry:synonym_create"),
        {"kind": ReferenceKind.SUBJECT, "synonym": "АЛГЕБРА.", "subject": maths.pk},
    )

    assert response.status_code == 200
    assert "Такой синоним уже есть: «алгебра → Математика»." in response.content.decode()


def test_a_synonym_needs_a_row_of_its_own_list(client, regional_admin):
    client.force_login(regional_admin)
    teacher = Position.objects.get(name="Учитель")

    response = client.post(
        reverse("registry:synonym_create"),
        {"kind": ReferenceKind.SUBJECT, "synonym": "Словесность", "position": teacher.pk},
    )

    assert "Выберите, чему соответствует синоним." in response.content.decode()
    assert not ReferenceSynonym.objects.filter(key="словесность").exists()


def test_the_regional_admin_deletes_a_synonym(client, regional_admin):
    client.force_login(regional_admin)
    synonym = ReferenceSynonym.objects.get(key="труд")

    client.post(reverse("registry:synonym_delete", args=[synonym.pk]))

    assert not ReferenceSynonym.objects.filter(pk=synonym.pk).exists()


def test_others_do_not_keep_synonyms(client, org_admin_a):
    client.force_login(org_admin_a)
    synonym = ReferenceSynonym.objects.first()

    assert client.get(reverse("registry:synonym_list")).status_code == 403
    assert client.get(reverse("registry:synonym_create")).status_code == 403
    assert client.post(reverse("registry:synonym_delete", args=[synonym.pk])).status_code in (
        403,
        404,
    )
    assert ReferenceSynonym.objects.filter(pk=synonym.pk).exists()
