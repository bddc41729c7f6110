"""SQLite: delete an item's index row when the item row goes, whoever deletes it.

Services unindex what they delete, but rows also go by cascade (an entry deleted
in Django admin) and by test-database flushes; the trigger keeps the FTS5 table
exactly in step, so searches need not join back to the item table to drop
stale rows.
"""

from django.db import migrations


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DELETE FROM library_item_fts WHERE rowid NOT IN (SELECT id FROM library_libraryitem)")
        schema_editor.execute(
            "CREATE TRIGGER IF NOT EXISTS library_item_fts_delete AFTER DELETE ON library_libraryitem "
            "BEGIN DELETE FROM library_item_fts WHERE rowid = old.id; END"
        )


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS library_item_fts_delete")


class Migration(migrations.Migration):
    dependencies = [("library", "0005_theme_items_index")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
