"""Single-object rules the database itself enforces, below any form or service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from casereview.reviews.models import Decision


def _decision(review, user, now, **flags):
    return Decision(
        review=review, criteria_basis=review.review_type.criteria_basis, outcome="review", decision_makers="Panel",
        decided_on=dt.date(2026, 11, 20), rationale="Because", recorded_by=user, recorded_at=now, **flags,
    )


def test_database_refuses_a_decision_to_review_that_meets_no_criterion(review, manager_rob, now):
    with pytest.raises(IntegrityError), transaction.atomic():
        _decision(review, manager_rob, now).save()


def test_database_accepts_a_decision_to_review_that_meets_the_criteria(review, manager_rob, now):
    decision = _decision(review, manager_rob, now, abuse_or_neglect=True, child_seriously_harmed=True,
                         reason_improvements_needed=True)
    decision.save()
    assert decision.meets_criteria


def test_review_types_are_seeded_as_data(db):
    from casereview.reviews.models import ReviewType

    slugs = set(ReviewType.objects.values_list("slug", flat=True))
    assert {"rapid-review", "local-child-safeguarding-practice-review", "serious-case-review", "child-practice-review",
            "learning-review", "national-review", "other"} <= slugs


def test_review_types_come_back_after_a_flush_emits_post_migrate(db):
    from django.apps import apps
    from django.db.models.signals import post_migrate

    from casereview.reviews.models import ReviewType

    ReviewType.objects.all().delete()
    post_migrate.send(sender=apps.get_app_config("reviews"), app_config=apps.get_app_config("reviews"),
                      verbosity=0, interactive=False, using="default", apps=apps, plan=[])
    assert ReviewType.objects.filter(slug="serious-case-review", criteria_basis="wt2015").exists()
