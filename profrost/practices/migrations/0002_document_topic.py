from django.db import migrations, models

# Municipal programmes and projects already kept get their area from their title, as seed 001
# §3.2 words them (the demo's titles follow it); the rest stay without one.
TOPIC_WORDS = [
    ("project_work", "проектной и исследовательской"),
    ("pre_profile", "профильн"),
    ("inclusion", "инклюзи"),
    ("digital", "цифровизац"),
    ("associations", "методических объединений"),
]


def topics_from_titles(apps, schema_editor):
    Document = apps.get_model("practices", "Document")
    kinds = ["municipal_program", "municipal_project"]
    for topic, words in TOPIC_WORDS:
        Document.objects.filter(kind__in=kinds, topic="", title__icontains=words).update(
            topic=topic
        )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="topic",
            field=models.CharField(
                blank=True,
                choices=[
                    ("project_work", "Проектная и исследовательская деятельность обучающихся"),
                    ("pre_profile", "Предпрофильная подготовка и профильное обучение"),
                    ("inclusion", "Инклюзивные практики"),
                    ("digital", "Цифровизация образовательного процесса"),
                    ("associations", "Поддержка ШМО и РМО"),
                ],
                help_text="Для муниципальной программы или проекта.",
                max_length=16,
                verbose_name="Направление",
            ),
        ),
        migrations.RunPython(topics_from_titles, migrations.RunPython.noop),
    ]
