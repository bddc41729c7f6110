"""Stored sort keys: on the same day, timed entries now come first and untimed ones after.

The key's last part was "0" (no time) or "1HHMM"; it is now "0HHMM" or "1" (see
casereview.tabular.dates.sort_key). Two set-based UPDATEs rewrite every entry, on
SQLite and PostgreSQL alike; the first nine characters (day and precision rank) keep.
"""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Replace, Substr


def _rewrite(apps, untimed: str, timed: str) -> None:
    Entry = apps.get_model("chronology", "Entry")
    head = Substr("sort_key", 1, 9)
    Entry.objects.filter(time="").update(sort_key=Concat(head, Value(untimed)))
    Entry.objects.exclude(time="").update(sort_key=Concat(head, Value(timed), Replace("time", Value(":"), Value(""))))


def forwards(apps, schema_editor):
    _rewrite(apps, untimed="1", timed="0")


def backwards(apps, schema_editor):
    _rewrite(apps, untimed="0", timed="1")


class Migration(migrations.Migration):
    dependencies = [("chronology", "0002_pending_upload")]

    operations = [migrations.RunPython(forwards, backwards)]
