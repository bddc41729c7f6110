"""An LCSPR for 'Oliver' with two partnership recommendations and one police single-agency recommendation."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.actions import services
from casereview.reviews.models import Recommendation, Review, ReviewType, SingleAgencyRecommendation

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def review(partnership, now) -> Review:
    return Review.objects.create(
        partnership=partnership, reference="LCSPR-2026-003",
        # get_or_create: transactional (browser) tests flush the seeded review types.
        review_type=ReviewType.objects.get_or_create(
            slug="local-child-safeguarding-practice-review",
            defaults={"name": "Local child safeguarding practice review"})[0],
        title="Oliver: a baby harmed by a family dog", pseudonym="Oliver", outcome="died",
        incident_date=dt.date(2026, 1, 5), aware_date=dt.date(2026, 1, 6), created_at=now, updated_at=now,
    )


@pytest.fixture
def recommendation(review, now) -> Recommendation:
    return Recommendation.objects.create(
        review=review, number=1, created_at=now,
        text="Agencies should follow actions through and evidence them as completed.",
        themes=[{"theme": "drift-and-delay", "evidence": "followed through"}],
    )


@pytest.fixture
def recommendation_two(review, now) -> Recommendation:
    return Recommendation.objects.create(
        review=review, number=2, created_at=now, text="Pre-birth assessments should consider dogs.",
        themes=[{"theme": "dogs", "evidence": "dogs"}, {"theme": "pre-birth", "evidence": "pre-birth"}],
    )


@pytest.fixture
def police_recommendation(review, police, now) -> SingleAgencyRecommendation:
    return SingleAgencyRecommendation.objects.create(
        review=review, agency=police, number=1, created_at=now,
        text="Officers attending domestic incidents should record the children present.",
    )


@pytest.fixture
def make_action(recommendation, police, manager_rob, now):
    """`make_action(**overrides)` sets an action through the service, as a manager would."""

    def make(**overrides):
        values = {
            "parent": recommendation, "description": "Audit strategy meetings for recorded actions",
            "owner_agency": police, "owner": None, "due_date": dt.date(2027, 3, 31),
            "success_measure": "Audit shows 90% of actions evidenced", "by": manager_rob, "now": now,
        }
        values.update(overrides)
        return services.create_action(**values)

    return make


@pytest.fixture
def police_action(make_action):
    return make_action()
