# ruff: noqa: S608 - fixed SQL text (no values are ever formatted into it)
"""A version of the library's search data, changed by every write to entries, items and theme rows.

`library_search_version` holds one row. Triggers give it a new value in the same
transaction as any insert, update or delete of an entry, item or theme row
(services, admin, cascades, test flushes alike), so search may keep what it
computed from those tables (`casereview.library.facets`) for exactly as long as the
value is unchanged.

The new value is never one used before, even after a rollback, so something
computed inside a transaction that was rolled back can never be taken for the
committed data: PostgreSQL takes it from a sequence (sequences do not roll back);
SQLite, which has none, takes a random 64-bit number.
"""

from django.db import migrations

TABLES = ("library_libraryentry", "library_libraryitem", "library_itemtheme")

SQLITE = [
    "CREATE TABLE IF NOT EXISTS library_search_version (id INTEGER PRIMARY KEY CHECK (id = 1), "
    "version INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO library_search_version (id, version) VALUES (1, random())",
    *(f"CREATE TRIGGER IF NOT EXISTS {table}_search_version_{event.lower()} AFTER {event} ON {table} "
      "BEGIN UPDATE library_search_version SET version = random() WHERE id = 1; END"
      for table in TABLES for event in ("INSERT", "UPDATE", "DELETE")),
]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {table}_search_version_{event.lower()}"
      for table in TABLES for event in ("INSERT", "UPDATE", "DELETE")),
    "DROP TABLE IF EXISTS library_search_version",
]

POSTGRES = [
    "CREATE SEQUENCE IF NOT EXISTS library_search_version_seq",
    "CREATE TABLE IF NOT EXISTS library_search_version (id integer PRIMARY KEY CHECK (id = 1), "
    "version bigint NOT NULL)",
    "INSERT INTO library_search_version (id, version) VALUES (1, nextval('library_search_version_seq')) "
    "ON CONFLICT (id) DO NOTHING",
    "CREATE OR REPLACE FUNCTION library_search_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN UPDATE library_search_version SET version = nextval('library_search_version_seq') WHERE id = 1; "
    "RETURN NULL; END $$",
    # Once per statement: a bulk insert of items costs one update, not one per row.
    *(f"CREATE OR REPLACE TRIGGER {table}_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
      f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION library_search_version_bump()" for table in TABLES),
]
POSTGRES_DROP = [
    *(f"DROP TRIGGER IF EXISTS {table}_search_version ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS library_search_version_bump()",
    "DROP TABLE IF EXISTS library_search_version",
    "DROP SEQUENCE IF EXISTS library_search_version_seq",
]


def create(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("library", "0009_ingest_batches")]

    operations = [migrations.RunPython(create, drop)]
