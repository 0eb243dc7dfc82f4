# The content types of the methodists' models were made under «routes» before the models moved
# here (0001 moved only the state). They move too, with the permissions that point at them; a
# database that already has the new ones (post_migrate made them) loses the stale old ones.

from django.db import migrations

MODELS = ("methodist", "methodistassignment")


def move_content_types(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    permissions = apps.get_model("auth", "Permission")
    for model in MODELS:
        old = content_types.objects.filter(app_label="routes", model=model).first()
        if old is None:
            continue
        if content_types.objects.filter(app_label="methodists", model=model).exists():
            permissions.objects.filter(content_type=old).delete()
            old.delete()
        else:
            old.app_label = "methodists"
            old.save(update_fields=["app_label"])


class Migration(migrations.Migration):
    dependencies = [
        ("methodists", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(move_content_types, migrations.RunPython.noop)]
