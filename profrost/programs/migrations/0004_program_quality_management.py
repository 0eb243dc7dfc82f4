from django.db import migrations, models

# The competence «Управление качеством образования» of the shipped framework: a program that
# addresses it is a course in the quality-management topic (seed 002 7.3).
QUALITY_MANAGEMENT = "MAN.02"


def mark_quality_management(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    Program.objects.filter(links__competence__code=QUALITY_MANAGEMENT).update(
        quality_management=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0003_training_request_filed_on"),
        ("competences", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="program",
            name="quality_management",
            field=models.BooleanField(
                default=False,
                help_text="Программа для управленческих команд по управлению качеством образования: учитывается в показателе «Доля управленческих команд, повысивших квалификацию».",
                verbose_name="Управление качеством образования",
            ),
        ),
        migrations.RunPython(mark_quality_management, migrations.RunPython.noop),
    ]
