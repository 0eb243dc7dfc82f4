from django.db import migrations

from profrost.diagnostics.shipped import load_instruments


def load(apps, schema_editor):
    load_instruments(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostics", "0001_initial"),
        ("competences", "0002_default_framework"),
        ("registry", "0002_reference_lists"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
