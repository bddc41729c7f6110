"""A published review's single-agency recommendations enter the library, naming their agency,
unless they carry a restricted identifier or personal data (they never passed the briefing's gate)."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.audit.models import AuditEvent
from casereview.library.search import SearchFilters, run_search
from casereview.library.services import SINGLE_AGENCY_SECTION, ingest_published_briefing
from casereview.reviews.models import RestrictedIdentifier, Review, ReviewType, SingleAgencyRecommendation


@pytest.fixture
def signed_off_review(partnership, police, health_visiting, now):
    review = Review.objects.create(
        partnership=partnership, reference="LCSPR-2026-003",
        review_type=ReviewType.objects.get(slug="local-child-safeguarding-practice-review"),
        title="LCSPR: Ruby", pseudonym="Ruby", age_at_incident="9 weeks", outcome="seriously-harmed",
        incident_date=dt.date(2026, 1, 5), aware_date=dt.date(2026, 1, 6), published_date=dt.date(2026, 10, 1),
        stage="signed_off", created_at=now, updated_at=now)
    RestrictedIdentifier.objects.create(review=review, kind="name", value="Jayden Marsh", label="Child")
    SingleAgencyRecommendation.objects.create(
        review=review, agency=police, number=1, created_at=now,
        text="Officers attending domestic incidents check whether a baby lives at the address.")
    SingleAgencyRecommendation.objects.create(
        review=review, agency=health_visiting, number=1, created_at=now,
        text="Health visitors record that they saw Jayden Marsh alone at the new-birth visit.")
    return review


def _publish(review, user, now):
    return ingest_published_briefing(
        review=review, version=1, title="Learning from Ruby's review", published_at=now, by=user, now=now,
        learning_points=["Practitioners should see the baby at every visit."],
        recommendations=["The partnership should seek assurance on safer sleep advice."])


def test_single_agency_recommendations_are_recommendations_naming_their_agency(
        signed_off_review, manager_rob, now):
    entry = _publish(signed_off_review, manager_rob, now)
    single = list(entry.items.filter(section=SINGLE_AGENCY_SECTION))
    assert [(i.kind, i.text) for i in single] == [(
        "recommendation",
        "Northshire Police: Officers attending domestic incidents check whether a baby lives at the address.")]
    assert [h.item for h in run_search("domestic incidents baby", SearchFilters()).hits] == single


def test_a_single_agency_recommendation_with_a_restricted_identifier_is_left_out_and_counted(
        signed_off_review, manager_rob, now):
    entry = _publish(signed_off_review, manager_rob, now)
    assert not entry.items.filter(text__contains="Jayden").exists()
    assert run_search("Jayden", SearchFilters()).total == 0
    event = AuditEvent.objects.get(action="library.review_published_in")
    assert event.changes["single_agency_recommendations"] == 1
    assert event.changes["single_agency_left_out"] == {"name": 1}
    assert "Jayden" not in event.summary and "1 left out" in event.summary


def test_a_review_not_yet_signed_off_gives_no_single_agency_recommendations(signed_off_review, manager_rob, now):
    signed_off_review.stage = "draft_report"
    signed_off_review.save()
    entry = _publish(signed_off_review, manager_rob, now)
    assert not entry.items.filter(section=SINGLE_AGENCY_SECTION).exists() and entry.items.count() == 2
