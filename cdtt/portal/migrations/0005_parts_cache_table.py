"""The kept parts' cache table (cdtt.parts, settings.CACHES["parts"]) on installations that
migrated 0004 before it existed. `createcachetable` makes each database cache's table that
is missing and leaves the others alone (0004 made them all on a fresh installation)."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_shared_cache_table")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
