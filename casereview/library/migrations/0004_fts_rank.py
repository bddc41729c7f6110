"""SQLite: make bm25 with the item text weighted over its context the FTS5 table's `rank`,
so searches can ORDER BY rank (FTS5 sorts by its own rank column faster than by a bm25() call)."""

from django.db import migrations


def set_rank(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("INSERT INTO library_item_fts(library_item_fts, rank) VALUES ('rank', 'bm25(10.0, 2.0)')")


class Migration(migrations.Migration):
    dependencies = [("library", "0003_libraryentry_review")]

    operations = [migrations.RunPython(set_rank, migrations.RunPython.noop)]
