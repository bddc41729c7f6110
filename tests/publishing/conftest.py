"""Fixtures for the publishing tests: a review with findings and restricted identifiers.

The gate runs the text engine's own find_identifiers (casereview.text.redact).
"""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.reviews.models import (
    LearningPoint,
    Recommendation,
    RestrictedIdentifier,
    Review,
    ReviewMembership,
    ReviewType,
    Stage,
)

LEARNING_POINTS = [
    "Where risk factors are identified it is important that they are fully explored, using all available "
    "information to challenge and test hypotheses and mitigate the risk.",
    "Managers should have oversight on key decisions and plans being made, in particular decisions like the "
    "discharge from hospital plan.",
]
RECOMMENDATIONS = [
    "The partnership should seek assurance from all agencies that single agency recommendations have been "
    "actioned and progress is being monitored.",
]
IDENTIFIERS = [
    ("name", "Jayden Smith", "Child"),
    ("date_of_birth", "3 March 2024", "Child"),
    ("address", "14 Mill Lane", "Home address"),
    ("school", "St Mary's Primary", "Sibling's school"),
    ("record_number", "CSC-448812", "Social care record"),
]


def _review_type() -> ReviewType:
    # Seeded by a data migration, but transactional tests (the browser tests) empty the tables.
    review_type, _ = ReviewType.objects.get_or_create(
        slug="local-child-safeguarding-practice-review",
        defaults={"name": "Local child safeguarding practice review", "reference_prefix": "LCSPR"},
    )
    return review_type


@pytest.fixture
def review(partnership, reviewer_helen, panel_dev, db) -> Review:
    now = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
    review = Review.objects.create(
        partnership=partnership, reference="LCSPR-2026-003",
        review_type=_review_type(),
        title="Baby injured at home", pseudonym="Oliver", age_at_incident="15 days", outcome="died",
        incident_date=dt.date(2026, 3, 2), aware_date=dt.date(2026, 3, 3), notified_date=dt.date(2026, 3, 5),
        decision_date=dt.date(2026, 3, 20), stage=Stage.SIGNED_OFF, created_at=now, updated_at=now,
    )
    for number, text in enumerate(LEARNING_POINTS, start=1):
        LearningPoint.objects.create(review=review, number=number, text=text, created_at=now)
    for number, text in enumerate(RECOMMENDATIONS, start=1):
        Recommendation.objects.create(review=review, number=number, text=text, created_at=now)
    for kind, value, label in IDENTIFIERS:
        RestrictedIdentifier.objects.create(review=review, kind=kind, value=value, label=label)
    ReviewMembership.objects.create(review=review, user=reviewer_helen, role_in_review="lead_reviewer")
    ReviewMembership.objects.create(review=review, user=panel_dev, role_in_review="panel_member")
    return review


@pytest.fixture
def briefing(review, manager_rob, now):
    from casereview.publishing.services import create_briefing_from_review

    return create_briefing_from_review(review=review, by=manager_rob, now=now)


def gate_and_approve(briefing, *, runner, approver, now):
    """Four eyes: `runner` runs the gate, `approver` (a second person) approves the content it passed."""
    from casereview.publishing.services import approve_briefing, run_gate

    result = run_gate(briefing=briefing, by=runner, now=now)
    assert result.ok, result.problems
    return approve_briefing(briefing=briefing, by=approver, now=now)


@pytest.fixture
def approved(briefing, manager_rob, admin_asha, now):
    """The briefing after Rob ran the gate and Asha approved it."""
    gate_and_approve(briefing, runner=manager_rob, approver=admin_asha, now=now)
    briefing.refresh_from_db()
    return briefing


@pytest.fixture
def published(approved, manager_rob, now):
    from casereview.publishing.services import publish_briefing

    return publish_briefing(briefing=approved, by=manager_rob, now=now)
