from django.db import migrations

from profrost.competences.framework import load_framework


def load(apps, schema_editor):
    load_framework(apps)


class Migration(migrations.Migration):
    dependencies = [("competences", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
