from django.db import migrations

# Seed 003 6.2.6: a young teacher is under 35 and in the first three years, both conditions.
OLD = "(до 35 лет или в первые три года работы)"
NEW = "(до 35 лет и в первые три года работы)"


def both_conditions(apps, schema_editor):
    Instrument = apps.get_model("diagnostics", "Instrument")
    for instrument in Instrument.objects.filter(code="young-difficulties"):
        if OLD in instrument.description:
            instrument.description = instrument.description.replace(OLD, NEW)
            instrument.save(update_fields=["description"])


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0005_young_help_text")]

    operations = [migrations.RunPython(both_conditions, migrations.RunPython.noop)]
