"""Calendar feed tokens are stored as SHA-256 digests, with a fingerprint of the owner's password.

Existing feeds keep working: each stored token is replaced by its digest, and the
fingerprint is taken from the owner's current password, so subscribed calendars go on
until the owner replaces or removes the address or changes their password.
"""

import hashlib

from django.db import migrations, models
from django.utils.crypto import salted_hmac


def hash_existing_tokens(apps, schema_editor):
    CalendarFeed = apps.get_model("reviews", "CalendarFeed")
    for feed in CalendarFeed.objects.select_related("user"):
        feed.token_hash = hashlib.sha256(feed.token.encode()).hexdigest()
        feed.password_fingerprint = salted_hmac(
            "casereview.reviews.CalendarFeed", feed.user.password, algorithm="sha256").hexdigest()
        feed.save(update_fields=["token_hash", "password_fingerprint"])


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0002_review_types"),
    ]

    operations = [
        migrations.AddField(model_name="calendarfeed", name="token_hash",
                            field=models.CharField(max_length=64, null=True)),
        migrations.AddField(model_name="calendarfeed", name="password_fingerprint",
                            field=models.CharField(max_length=64, default=""), preserve_default=False),
        # Tokens cannot be recovered from digests: going back leaves no working feed (re-issue them).
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="calendarfeed", name="token"),
        migrations.AlterField(model_name="calendarfeed", name="token_hash",
                              field=models.CharField(max_length=64, unique=True)),
    ]
