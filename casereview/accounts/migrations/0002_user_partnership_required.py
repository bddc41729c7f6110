"""Every user belongs to exactly one partnership (NOT NULL).

Users without a partnership are given the deployment's partnership when there is
exactly one; otherwise the migration stops and names them, because guessing which
partnership's records someone may read is not something a migration should do.
"""

import django.db.models.deletion
from django.db import migrations, models

import casereview.accounts.models


def assign_orphans(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Partnership = apps.get_model("accounts", "Partnership")
    orphans = User.objects.filter(partnership__isnull=True)
    if not orphans.exists():
        return
    partnerships = list(Partnership.objects.order_by("pk")[:2])
    if len(partnerships) != 1:
        names = ", ".join(sorted(orphans.values_list("username", flat=True))[:20])
        raise RuntimeError(
            f"Cannot make partnership required: user(s) {names} have no partnership and there are "
            f"{'no' if not partnerships else 'several'} partnerships to choose from. Set each user's partnership "
            "(Django admin, or `casereview shell`) and run `casereview migrate` again."
        )
    orphans.update(partnership=partnerships[0])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AlterModelManagers(
            name="user", managers=[("objects", casereview.accounts.models.PartnershipUserManager())],
        ),
        migrations.RunPython(assign_orphans, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="partnership",
            field=models.ForeignKey(
                help_text="The one partnership whose reviews, actions and audit events this user works with.",
                on_delete=django.db.models.deletion.PROTECT, related_name="users", to="accounts.partnership",
            ),
        ),
    ]
