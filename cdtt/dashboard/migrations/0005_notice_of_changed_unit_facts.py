"""On PostgreSQL, every statement that changes commune or province facts sends the ids of
the units it changed on the channel `cdtt_facts` (or "*" for many, or a TRUNCATE), so that
each worker drops its copies of their sums (`dashboard.held`, `cdtt.notices`). Triggers,
not calls in our writers: a write that no code path announces (a data migration, psql)
cannot leave a worker's copy stale. The notice leaves with the commit, never for a
rollback. (A restore loads the tables before their triggers exist: it announces itself.)"""

from django.db import migrations

CHANNEL = "cdtt_facts"
MOST = 7000  # characters of ids in one notice (PostgreSQL takes 8,000 bytes); beyond, "*"
TABLES = {"dashboard_communemonthfact": "commune_id", "dashboard_provincemonthfact": "province_id"}

FUNCTION = f"""
CREATE OR REPLACE FUNCTION cdtt_notice_unit_facts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('{CHANNEL}', '*');
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    EXECUTE format('SELECT string_agg(DISTINCT %1$I::text, '','') FROM came', TG_ARGV[0])
      INTO ids;
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format('SELECT string_agg(DISTINCT %1$I::text, '','') FROM gone', TG_ARGV[0])
      INTO ids;
  ELSE
    EXECUTE format('SELECT string_agg(DISTINCT u::text, '','') FROM '
                   '(SELECT %1$I AS u FROM came UNION SELECT %1$I FROM gone) t', TG_ARGV[0])
      INTO ids;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM pg_notify('{CHANNEL}', CASE WHEN length(ids) > {MOST} THEN '*' ELSE ids END);
  END IF;
  RETURN NULL;
END $$;
"""

# A trigger with transition tables takes one event: one per event and table.
EVENTS = {
    "insert": "REFERENCING NEW TABLE AS came",
    "update": "REFERENCING OLD TABLE AS gone NEW TABLE AS came",
    "delete": "REFERENCING OLD TABLE AS gone",
    "truncate": "",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: no copies held (see cdtt.notices)
    schema_editor.execute(FUNCTION, params=None)  # its % are format()'s, not parameters
    for table, column in TABLES.items():
        for event, referencing in EVENTS.items():
            schema_editor.execute(
                f"CREATE TRIGGER {table}_notice_{event} AFTER {event.upper()} ON {table} "
                f"{referencing} FOR EACH STATEMENT EXECUTE FUNCTION cdtt_notice_unit_facts('{column}')"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        for event in EVENTS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_notice_{event} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS cdtt_notice_unit_facts()")


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0004_province_month_facts")]

    operations = [migrations.RunPython(create, drop)]
