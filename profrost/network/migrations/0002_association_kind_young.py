from django.db import migrations, models

# Communities and clubs named after young teachers («Сообщество молодых педагогов «Старт»» of
# the demo) become of the new kind, which young_supported_share counts (seed 003 6.2.6).
FORMER_KINDS = ["community", "club"]


def mark_young(apps, schema_editor):
    Association = apps.get_model("network", "Association")
    Association.objects.filter(kind__in=FORMER_KINDS, title__icontains="молодых педагог").update(
        kind="young"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="association",
            name="kind",
            field=models.CharField(
                choices=[
                    ("school_mo", "Школьное методическое объединение (ШМО)"),
                    ("district_mo", "Районное методическое объединение (РМО)"),
                    ("regional_mo", "Региональное методическое объединение"),
                    ("community", "Профессиональное сообщество"),
                    ("club", "Клуб педагогов"),
                    ("council", "Методический совет"),
                    ("project_team", "Проектная методическая команда"),
                    ("young", "Объединение молодых педагогов"),
                ],
                max_length=16,
                verbose_name="Вид",
            ),
        ),
        migrations.RunPython(mark_young, migrations.RunPython.noop),
    ]
