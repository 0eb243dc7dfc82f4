"""The instruments shipped with the product, from the copy beside this file.

The copy (0002_shipped_instruments.json) was written once from profrost.diagnostics.shipped, so
that editing that module later cannot change what this migration does; a test keeps the two
equal while they should be. Fractions in it are read back as Decimal, never as float.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).with_suffix(".json")


def load(apps, schema_editor):
    """Creates or updates the shipped instruments by code.

    Items are written anew, except in an instrument someone has already answered: that one keeps
    the items it was answered with (as `Instrument.is_locked` demands).
    """
    Instrument = apps.get_model("diagnostics", "Instrument")
    Answer = apps.get_model("diagnostics", "Answer")
    Competence = apps.get_model("competences", "Competence")
    competences = dict(Competence.objects.values_list("code", "pk"))
    data = json.loads(DATA.read_text(encoding="utf-8"), parse_float=Decimal)
    for instrument_data in data:
        instrument, _created = Instrument.objects.update_or_create(
            code=instrument_data["code"],
            defaults={
                "title": instrument_data["title"],
                "kind": instrument_data["kind"],
                "status": "published",
                "region": None,
                "description": instrument_data["description"],
                "instructions": instrument_data["instructions"],
                "deficit_below": 50,
                "proficient_from": 75,
            },
        )
        if Answer.objects.filter(item__instrument=instrument).exists():
            continue
        instrument.items.all().delete()
        for order, item_data in enumerate(instrument_data["items"], start=1):
            load_item(instrument, order, dict(item_data), competences)


def load_item(instrument, order, data, competences):
    options, links = data.pop("options"), data.pop("competences")
    item = instrument.items.create(order=order, **data)
    for number, (text, points) in enumerate(options, start=1):
        item.options.create(order=number, text=text, points=points)
    for code, weight in links.items():
        item.links.create(competence_id=competences[code], weight=weight)


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostics", "0001_initial"),
        ("competences", "0002_default_framework"),
        ("registry", "0002_reference_lists"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
