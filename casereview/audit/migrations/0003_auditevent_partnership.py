"""Audit events carry their partnership, so each partnership's auditors read only their own log.

Adding a nullable column touches no existing row (the append-only triggers stay
in force); events recorded before this migration keep a null partnership (see
audit/access.py for who reads them).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_user_partnership_required"), ("audit", "0002_append_only_triggers")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="partnership",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="accounts.partnership"),
        ),
    ]
