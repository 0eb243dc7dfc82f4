import django.utils.timezone
from django.db import migrations, models
from django.utils import timezone


def filed_when_entered(apps, schema_editor):
    """Requests entered before the field existed were filed the day they were entered."""
    TrainingRequest = apps.get_model("programs", "TrainingRequest")
    for request in TrainingRequest.objects.only("pk", "created").iterator():
        request.filed_on = timezone.localtime(request.created).date()
        request.save(update_fields=["filed_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0002_refinements"),
    ]

    operations = [
        migrations.AddField(
            model_name="trainingrequest",
            name="filed_on",
            field=models.DateField(default=django.utils.timezone.localdate, verbose_name="Подана"),
        ),
        migrations.AlterField(
            model_name="trainingrequest",
            name="created",
            field=models.DateTimeField(auto_now_add=True, verbose_name="Внесена в систему"),
        ),
        migrations.RunPython(filed_when_entered, migrations.RunPython.noop),
    ]
