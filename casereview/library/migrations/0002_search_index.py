"""The full-text index, which differs by database.

SQLite: an FTS5 table keyed by the item id (rowid), Porter-stemmed so "assess"
finds "assessment" as PostgreSQL's 'english' configuration does; the library's
services keep it in step with LibraryItem. PostgreSQL: a GIN index on the stored
tsvector column LibraryItem.search_vector, which the services fill.
"""

from django.db import migrations

FTS_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS library_item_fts USING fts5("
    "text, context, tokenize = 'porter unicode61 remove_diacritics 2')"
)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(FTS_CREATE)
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS library_item_search_gin ON library_libraryitem USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS library_item_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS library_item_search_gin")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
