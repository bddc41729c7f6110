# ruff: noqa: S608 - fixed SQL text (no values are ever formatted into it)
"""SQLite: narrow tables of what facet counts and filters need, kept in step by triggers.

`library_item_facets` holds one small row of integers per item: its entry, its
entry's *facet key* and its *theme set*. `library_facet_key` numbers each (review
type, partnership, year) an entry has (year -1 when unknown); `library_theme_set`
numbers each set of active themes an item has, written " theme-a theme-b " (sorted,
a space around each id). Counting the facets of a set of matches then reads one
small row per match and counts integers, instead of reading the item, entry and
theme rows and grouping by text. Triggers on entries, items and
theme rows maintain both, whoever writes (services, admin, cascades, test
flushes). PostgreSQL counts from the tables themselves and gets nothing here.
"""

from django.db import migrations

THEMES_OF = ("coalesce((SELECT ' ' || group_concat(theme, ' ') || ' ' FROM (SELECT t.theme FROM library_itemtheme t "
             "WHERE t.item_id = {item} AND NOT t.removed ORDER BY t.theme)), ' ')")
SET_OF = "(SELECT id FROM library_theme_set WHERE themes = " + THEMES_OF + ")"
ADD_SET = "INSERT OR IGNORE INTO library_theme_set (themes) VALUES (" + THEMES_OF + ");"
KEY_OF_ENTRY = ("(SELECT k.id FROM library_libraryentry e JOIN library_facet_key k ON k.review_type = e.review_type "
                "AND k.partnership = e.partnership AND k.year = coalesce(e.year, -1) WHERE e.id = {entry})")
# An item's theme rows changed: make sure its set has a number, then point the item at it.
RESET = ADD_SET + " UPDATE library_item_facets SET theme_set = " + SET_OF + " WHERE item_id = {item};"
ADD_KEY = ("INSERT OR IGNORE INTO library_facet_key (review_type, partnership, year) "
           "VALUES (new.review_type, new.partnership, coalesce(new.year, -1));")

STATEMENTS = [
    "CREATE TABLE IF NOT EXISTS library_facet_key (id INTEGER PRIMARY KEY, review_type TEXT NOT NULL, "
    "partnership TEXT NOT NULL, year INTEGER NOT NULL, UNIQUE (review_type, partnership, year))",
    "CREATE TABLE IF NOT EXISTS library_theme_set (id INTEGER PRIMARY KEY, themes TEXT NOT NULL UNIQUE)",
    "CREATE TABLE IF NOT EXISTS library_item_facets (item_id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL, "
    "facet_key INTEGER, theme_set INTEGER)",
    "CREATE INDEX IF NOT EXISTS library_item_facets_entry ON library_item_facets (entry_id)",
    "DELETE FROM library_item_facets",
    "DELETE FROM library_facet_key",
    "DELETE FROM library_theme_set",
    "INSERT OR IGNORE INTO library_theme_set (themes) SELECT " + THEMES_OF.format(item="i.id")
    + " FROM library_libraryitem i",
    "INSERT OR IGNORE INTO library_facet_key (review_type, partnership, year) "
    "SELECT review_type, partnership, coalesce(year, -1) FROM library_libraryentry",
    "INSERT INTO library_item_facets (item_id, entry_id, facet_key, theme_set) SELECT i.id, i.entry_id, "
    + KEY_OF_ENTRY.format(entry="i.entry_id") + ", " + SET_OF.format(item="i.id") + " FROM library_libraryitem i",
    # Entries: every (type, partnership, year) has a key; items follow their entry's.
    "CREATE TRIGGER IF NOT EXISTS library_facet_key_entry_insert AFTER INSERT ON library_libraryentry BEGIN "
    + ADD_KEY + " END",
    "CREATE TRIGGER IF NOT EXISTS library_facet_key_entry_update AFTER UPDATE OF review_type, partnership, year "
    "ON library_libraryentry BEGIN " + ADD_KEY
    + " UPDATE library_item_facets SET facet_key = " + KEY_OF_ENTRY.format(entry="new.id")
    + " WHERE entry_id = new.id; END",
    # Items.
    "CREATE TRIGGER IF NOT EXISTS library_item_facets_item_insert AFTER INSERT ON library_libraryitem BEGIN "
    + ADD_SET.format(item="new.id") + " "
    "INSERT OR REPLACE INTO library_item_facets (item_id, entry_id, facet_key, theme_set) VALUES (new.id, new.entry_id, "
    + KEY_OF_ENTRY.format(entry="new.entry_id") + ", " + SET_OF.format(item="new.id") + "); END",
    "CREATE TRIGGER IF NOT EXISTS library_item_facets_item_update AFTER UPDATE OF id, entry_id ON library_libraryitem "
    "BEGIN DELETE FROM library_item_facets WHERE item_id = old.id; " + ADD_SET.format(item="new.id") + " "
    "INSERT OR REPLACE INTO library_item_facets (item_id, entry_id, facet_key, theme_set) VALUES (new.id, new.entry_id, "
    + KEY_OF_ENTRY.format(entry="new.entry_id") + ", " + SET_OF.format(item="new.id") + "); END",
    "CREATE TRIGGER IF NOT EXISTS library_item_facets_item_delete AFTER DELETE ON library_libraryitem BEGIN "
    "DELETE FROM library_item_facets WHERE item_id = old.id; END",
    # Theme rows.
    "CREATE TRIGGER IF NOT EXISTS library_item_facets_theme_insert AFTER INSERT ON library_itemtheme BEGIN "
    + RESET.format(item="new.item_id") + " END",
    "CREATE TRIGGER IF NOT EXISTS library_item_facets_theme_update AFTER UPDATE OF item_id, theme, removed "
    "ON library_itemtheme BEGIN " + RESET.format(item="old.item_id") + " " + RESET.format(item="new.item_id") + " END",
    "CREATE TRIGGER IF NOT EXISTS library_item_facets_theme_delete AFTER DELETE ON library_itemtheme BEGIN "
    + RESET.format(item="old.item_id") + " END",
]

DROP = [
    "DROP TRIGGER IF EXISTS library_item_facets_theme_delete",
    "DROP TRIGGER IF EXISTS library_item_facets_theme_update",
    "DROP TRIGGER IF EXISTS library_item_facets_theme_insert",
    "DROP TRIGGER IF EXISTS library_item_facets_item_delete",
    "DROP TRIGGER IF EXISTS library_item_facets_item_update",
    "DROP TRIGGER IF EXISTS library_item_facets_item_insert",
    "DROP TRIGGER IF EXISTS library_facet_key_entry_update",
    "DROP TRIGGER IF EXISTS library_facet_key_entry_insert",
    "DROP TABLE IF EXISTS library_item_facets",
    "DROP TABLE IF EXISTS library_facet_key",
    "DROP TABLE IF EXISTS library_theme_set",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in STATEMENTS:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("library", "0007_search_covering_indexes")]

    operations = [migrations.RunPython(create, drop)]
