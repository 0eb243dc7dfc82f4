"""Fill Person.consent_state from the consents kept so far: given while one is in force,
withdrawn when all of the person's consents are withdrawn."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def fill(apps, schema_editor):
    Person = apps.get_model("registry", "Person")
    Consent = apps.get_model("consents", "Consent")
    in_force = Consent.objects.filter(person=OuterRef("pk"), withdrawn_on=None)
    any_consent = Consent.objects.filter(person=OuterRef("pk"))
    Person.objects.filter(Exists(in_force)).update(consent_state="given")
    Person.objects.filter(Exists(any_consent)).exclude(Exists(in_force)).update(
        consent_state="withdrawn"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("consents", "0002_erasure"),
        ("registry", "0007_person_consent_state"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
