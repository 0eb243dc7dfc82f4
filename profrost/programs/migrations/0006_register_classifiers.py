"""The classifiers of ФИС ФРДО shipped with the product, from the copy beside this file.

The copy (0006_register_classifiers.json) was written once from
profrost.programs.register_reference, so that editing that module later cannot change what this
migration does; a test keeps the two equal while they should be.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).with_suffix(".json")


def load(apps, schema_editor):
    RegisterDocumentKind = apps.get_model("programs", "RegisterDocumentKind")
    RegisterStudyForm = apps.get_model("programs", "RegisterStudyForm")
    FundingSource = apps.get_model("programs", "FundingSource")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for name, kind in data["document_kinds"]:
        RegisterDocumentKind.objects.update_or_create(name=name, defaults={"kind": kind})
    for name, forms in data["study_forms"]:
        RegisterStudyForm.objects.update_or_create(name=name, defaults={"forms": forms})
    for name in data["funding_sources"]:
        FundingSource.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("programs", "0005_frdo_register_data")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
