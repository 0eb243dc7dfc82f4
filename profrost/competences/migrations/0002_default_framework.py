"""The default competence framework, from the copy beside this file.

The copy (0002_default_framework.json) was written once from profrost.competences.framework, so
that editing that module later cannot change what this migration does; a test keeps the two
equal while they should be.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).with_suffix(".json")


def load(apps, schema_editor):
    """Creates or updates the groups and competences by code, parents before children."""
    CompetenceGroup = apps.get_model("competences", "CompetenceGroup")
    Competence = apps.get_model("competences", "Competence")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    groups = {}
    for order, group in enumerate(data["groups"], start=1):
        groups[group["code"]], _created = CompetenceGroup.objects.update_or_create(
            code=group["code"],
            defaults={"name": group["name"], "audience": group["audience"], "order": order},
        )
    competences = {}
    for row in data["competences"]:
        competences[row["code"]], _created = Competence.objects.update_or_create(
            code=row["code"],
            defaults={
                "group": groups[row["group"]],
                "parent": competences.get(row["parent"]),
                "name": row["name"],
                "description": row["description"],
                "labour_function": row["labour_function"],
                "order": row["order"],
                "is_active": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("competences", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
