from django.db import migrations

from profrost.registry.reference import MANAGEMENT_POSITIONS, SUBJECTS, TEACHING_POSITIONS


def load(apps, schema_editor):
    Position = apps.get_model("registry", "Position")
    Subject = apps.get_model("registry", "Subject")
    order = 0
    for category, names in (("teaching", TEACHING_POSITIONS), ("management", MANAGEMENT_POSITIONS)):
        for name in names:
            order += 1
            Position.objects.update_or_create(
                name=name, defaults={"category": category, "order": order}
            )
    for order, name in enumerate(SUBJECTS, start=1):
        Subject.objects.update_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
