from django.db import migrations, models

# The shipped instruments that are diagnostics of professional deficits (seed 003 6.2.7); the
# young teachers' survey and the burnout screening are not.
DIAGNOSES = ["methodical-test"]


def mark_shipped(apps, schema_editor):
    Instrument = apps.get_model("diagnostics", "Instrument")
    Instrument.objects.filter(code__in=DIAGNOSES).update(counts_as_diagnosis=True)


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostics", "0003_result_organization_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="instrument",
            name="counts_as_diagnosis",
            field=models.BooleanField(
                default=False,
                help_text="Результаты учитываются в показателе «Доля работников, прошедших диагностику дефицитов». Анкеты и скрининги (например, выгорания) не отмечайте.",
                verbose_name="Диагностика профессиональных дефицитов",
            ),
        ),
        migrations.RunPython(mark_shipped, migrations.RunPython.noop),
    ]
