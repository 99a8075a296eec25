"""On PostgreSQL, every statement that changes the activity catalog sends a notice on the
channel `cdtt_catalog` with its commit, so that each worker drops its copy of the catalog
(`activities.catalog`), whoever changed it."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION cdtt_notice_catalog() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cdtt_catalog', '');
  RETURN NULL;
END $$;
"""
TRIGGER = (
    "CREATE TRIGGER activities_activitytype_notice "
    "AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON activities_activitytype "
    "FOR EACH STATEMENT EXECUTE FUNCTION cdtt_notice_catalog()"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: the stamp in the cache tells workers (see activities.catalog)
    schema_editor.execute(FUNCTION, params=None)
    schema_editor.execute(TRIGGER)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS activities_activitytype_notice "
                          "ON activities_activitytype")  # fmt: skip
    schema_editor.execute("DROP FUNCTION IF EXISTS cdtt_notice_catalog()")


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_activity_type_descriptions")]

    operations = [migrations.RunPython(create, drop)]
