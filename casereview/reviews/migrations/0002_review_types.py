"""Seed the review types of DESIGN.md (same slugs as the extract command's review_type)."""

from django.db import migrations

TYPES = [
    # slug, name, nation, criteria basis, reference prefix, order
    ("rapid-review", "Rapid review", "england", "wt2018", "RR", 10),
    ("local-child-safeguarding-practice-review", "Local child safeguarding practice review", "england", "wt2018", "LCSPR", 20),
    ("serious-case-review", "Serious case review (legacy)", "england", "wt2015", "SCR", 30),
    ("child-practice-review", "Child practice review", "wales", "other", "CPR", 40),
    ("learning-review", "Learning review", "scotland", "other", "LR", 50),
    ("national-review", "National review referral", "uk", "wt2018", "NR", 60),
    ("other", "Other review", "uk", "other", "REV", 90),
]


def seed(apps, schema_editor):
    ReviewType = apps.get_model("reviews", "ReviewType")
    for slug, name, nation, basis, prefix, order in TYPES:
        ReviewType.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "nation": nation, "criteria_basis": basis, "reference_prefix": prefix, "order": order},
        )


def unseed(apps, schema_editor):
    apps.get_model("reviews", "ReviewType").objects.filter(slug__in=[t[0] for t in TYPES], reviews__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
