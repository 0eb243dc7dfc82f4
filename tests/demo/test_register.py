"""Demo of ФИС ФРДО: issued documents with the register's data, a pre-check that has something
to list, an export batch with one document changed since."""

from io import StringIO

import pytest
from django.core.management import call_command

from profrost.core.models import User
from profrost.programs.models import DocumentNumbering, ExportBatch
from profrost.programs.register import check, documents, providers_for


@pytest.fixture
def seeded(db, settings):
    settings.DEMO_BUILDERS = [
        "profrost.demo.registry.build.build_demo_registry",
        "profrost.demo.programs.build.build_demo_programs",
        "profrost.demo.programs.register.build_demo_register",
    ]
    call_command("seed_demo", teachers=200, seed=1, today="02.03.2026", stdout=StringIO())


def test_demo_the_methodists_provider_has_documents_to_check_and_export(seeded):
    methodist = User.objects.get(username="regmethodist")
    provider = providers_for(methodist).get()
    batch = ExportBatch.objects.get()

    items = check(documents(provider, batch.issued_from, batch.issued_to.replace(year=2026)))

    assert batch.provider == provider
    assert DocumentNumbering.objects.filter(provider=provider, last__gt=0).exists()
    assert sum(1 for item in items if item.passes) > 10
    assert any(item.problems for item in items)
    assert [item.changed for item in items if item.exported].count(True) == 1
    assert any(item.due and not item.exported for item in items)
