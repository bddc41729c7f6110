"""Indexes for facet counts and browsing (both databases; plain SQL, so the models' state is unchanged).

- `library_item_themes_cover` (item, removed, theme): counting the themes of the
  current results reads only this index, never the theme rows.
- `library_entry_browse` (year descending, title, id): browsing walks entries in
  the order the page shows them.
"""

from django.db import migrations

INDEXES = (
    ("library_item_themes_cover", 'CREATE INDEX IF NOT EXISTS library_item_themes_cover '
                                  'ON library_itemtheme (item_id, removed, theme)'),
    ("library_entry_browse", 'CREATE INDEX IF NOT EXISTS library_entry_browse '
                             'ON library_libraryentry (year DESC, title, id)'),
)


def create_indexes(apps, schema_editor):
    for _name, sql in INDEXES:
        schema_editor.execute(sql)


def drop_indexes(apps, schema_editor):
    for name, _sql in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("library", "0006_fts_delete_trigger")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
