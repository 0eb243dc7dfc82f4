"""One open route per person and period, backed by the database on PostgreSQL: an exclusion
constraint over the person and the route's dates (btree_gist gives `=` on the person in a GiST
index). SQLite has no such constraint; there the service's check (services.common) is the rule."""

from django.db import migrations

CONSTRAINT = "routes_route_one_per_period"
OPEN = "('draft', 'agreed', 'in_progress')"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE routes_route ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(person_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&) "
        f"WHERE (status IN {OPEN})"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE routes_route DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("routes", "0003_methodists_to_own_app")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
