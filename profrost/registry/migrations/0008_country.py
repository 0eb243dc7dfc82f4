"""ОКСМ, the classifier of countries (a person's citizenship), with the entries shipped from the
copy beside this file (0008_country.json, written once from profrost.registry.reference)."""

import json
from pathlib import Path

from django.db import migrations, models

DATA = Path(__file__).with_suffix(".json")


def load(apps, schema_editor):
    Country = apps.get_model("registry", "Country")
    for code, name in json.loads(DATA.read_text(encoding="utf-8"))["countries"]:
        Country.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_person_consent_state")]

    operations = [
        migrations.CreateModel(
            name="Country",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=3, unique=True, verbose_name="Код ОКСМ")),
                ("name", models.CharField(max_length=200, verbose_name="Краткое наименование")),
                ("is_active", models.BooleanField(default=True, verbose_name="Действует")),
            ],
            options={
                "verbose_name": "Страна (ОКСМ)",
                "verbose_name_plural": "Страны (ОКСМ)",
                "ordering": ["name"],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
