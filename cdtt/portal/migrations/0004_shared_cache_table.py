"""The cache table shared by every worker process when Redis is not configured.

The embedded default keeps the cache (rate limits of the public forms, dashboard figures,
the activity catalog's stamp) in a table of the database, so that limits hold across the
processes of a server (issue 18). `createcachetable` makes the table of every database cache
in settings.CACHES and does nothing for other caches or a table that exists: running it from
a migration means `migrate` (and so `make run`) is all a fresh installation needs.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    for cache in settings.CACHES.values():
        if cache["BACKEND"].endswith("db.DatabaseCache"):
            table = schema_editor.connection.ops.quote_name(cache["LOCATION"])
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_help_request_activity")]

    operations = [migrations.RunPython(create, drop)]
