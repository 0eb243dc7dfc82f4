"""The reference lists shipped with the product, from the copy beside this file.

The copy (0002_reference_lists.json) was written once from profrost.registry.reference, so that
editing that module later cannot change what this migration does; a test keeps the two equal
while they should be.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).with_suffix(".json")


def load(apps, schema_editor):
    Position = apps.get_model("registry", "Position")
    Subject = apps.get_model("registry", "Subject")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for order, position in enumerate(data["positions"], start=1):
        Position.objects.update_or_create(
            name=position["name"], defaults={"category": position["category"], "order": order}
        )
    for order, name in enumerate(data["subjects"], start=1):
        Subject.objects.update_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
