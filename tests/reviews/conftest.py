"""Review fixtures: one open review of the test partnership with its team assigned."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.reviews.models import (
    ParticipatingAgency,
    RestrictedIdentifier,
    Review,
    ReviewMembership,
    ReviewType,
    RoleInReview,
)


@pytest.fixture
def lcspr_type(db) -> ReviewType:
    return ReviewType.objects.get(slug="local-child-safeguarding-practice-review")


@pytest.fixture
def scr_type(db) -> ReviewType:
    return ReviewType.objects.get(slug="serious-case-review")


@pytest.fixture
def review(partnership, lcspr_type, reviewer_helen, panel_dev, police, now) -> Review:
    """LCSPR-2026-001 about "Ava", aware on Monday 2 November 2026, with Helen and Dev assigned and the police taking part."""
    review = Review.objects.create(
        partnership=partnership, reference="LCSPR-2026-001", review_type=lcspr_type, title="Ava, 8 months",
        pseudonym="Ava", age_at_incident="8 months", outcome="seriously-harmed", incident_date=dt.date(2026, 10, 30),
        aware_date=dt.date(2026, 11, 2), created_at=now, updated_at=now,
    )
    ReviewMembership.objects.create(review=review, user=reviewer_helen, role_in_review=RoleInReview.REVIEWER)
    ReviewMembership.objects.create(review=review, user=panel_dev, role_in_review=RoleInReview.PANEL_MEMBER)
    ParticipatingAgency.objects.create(review=review, agency=police)
    RestrictedIdentifier.objects.create(review=review, kind="name", value="Zelphine Quarrington", label="Child")
    return review
