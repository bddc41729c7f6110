"""The review types every deployment starts with (same slugs as DESIGN.md's review_type).

Migration 0002 seeds them; `ensure_review_types` puts back any that are missing after a
database flush (Django emits post_migrate after flush, as test databases do between
browser tests), the way Django itself restores content types.
"""

from __future__ import annotations

DEFAULT_TYPES = [
    # slug, name, nation, criteria basis, reference prefix, order
    ("rapid-review", "Rapid review", "england", "wt2018", "RR", 10),
    ("local-child-safeguarding-practice-review", "Local child safeguarding practice review", "england", "wt2018", "LCSPR", 20),
    ("serious-case-review", "Serious case review (legacy)", "england", "wt2015", "SCR", 30),
    ("child-practice-review", "Child practice review", "wales", "other", "CPR", 40),
    ("learning-review", "Learning review", "scotland", "other", "LR", 50),
    ("national-review", "National review referral", "uk", "wt2018", "NR", 60),
    ("other", "Other review", "uk", "other", "REV", 90),
]
# A decision to review converts a review of the first type into the second (migration 0004 sets it too).
DEFAULT_CONVERSIONS = [("rapid-review", "local-child-safeguarding-practice-review")]


def ensure_review_types(sender=None, using="default", **kwargs) -> None:
    from casereview.reviews.models import ReviewType

    existing = set(ReviewType.objects.using(using).values_list("slug", flat=True))
    for slug, name, nation, basis, prefix, order in DEFAULT_TYPES:
        if slug not in existing:
            ReviewType.objects.using(using).create(slug=slug, name=name, nation=nation, criteria_basis=basis,
                                                   reference_prefix=prefix, order=order)
    for slug, target in DEFAULT_CONVERSIONS:
        if slug not in existing:  # only types this function put back: an admin's choice stands
            to_type = ReviewType.objects.using(using).filter(slug=target).first()
            ReviewType.objects.using(using).filter(slug=slug, converts_to__isnull=True).update(converts_to=to_type)
