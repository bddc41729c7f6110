"""A review published in CaseReview enters the library from its gated briefing,
and re-publishing keeps library corrections."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.audit.models import AuditEvent
from casereview.library.models import LibraryEntry, Origin
from casereview.library.search import SearchFilters, run_search
from casereview.library.services import correct_item, ingest_published_briefing, set_item_themes
from casereview.reviews.models import LearningPoint, Recommendation, Review, ReviewType

SLEEP_POINT = "Health visitors should ask about safer sleep at every contact, including co-sleeping on a sofa."
ASSURANCE = "The partnership should seek assurance that the safer sleep guidance is used by all agencies."


@pytest.fixture
def published_review(partnership, now):
    review = Review.objects.create(
        partnership=partnership, reference="LCSPR-2026-001",
        review_type=ReviewType.objects.get(slug="local-child-safeguarding-practice-review"),
        title="Local Child Safeguarding Practice Review: Ruby", pseudonym="Ruby", age_at_incident="9 weeks",
        outcome="seriously-harmed", incident_date=dt.date(2026, 1, 5), aware_date=dt.date(2026, 1, 6),
        published_date=dt.date(2026, 10, 1), created_at=now, updated_at=now,
    )
    LearningPoint.objects.create(review=review, number=1, created_at=now, text=SLEEP_POINT,
                                 themes=[{"theme": "safer-sleep", "evidence": "safer sleep"}])
    # The finding names the child's real first name; the briefing, which passed the gate, does not.
    LearningPoint.objects.create(review=review, number=2, created_at=now,
                                 text="Practitioners did not see Jayden alone at any visit.")
    Recommendation.objects.create(review=review, number=1, created_at=now, text=ASSURANCE)
    return review


def _publish(review, user, now, *, version=1, title="Learning from Ruby's review", learning=None):
    """What the publishing app sends when a briefing of `review` is published."""
    learning = learning or [SLEEP_POINT, "Practitioners did not see the child alone at any visit."]
    return ingest_published_briefing(review=review, version=version, title=title, learning_points=learning,
                                     recommendations=[ASSURANCE], published_at=now, by=user, now=now)


def test_a_published_briefing_becomes_a_library_entry_with_its_items(manager_rob, now, published_review):
    entry = _publish(published_review, manager_rob, now)
    assert entry.origin == Origin.PUBLISHED and entry.review == published_review
    assert entry.partnership == "Eastmoor Safeguarding Children Partnership" and entry.year == now.year
    assert (entry.pseudonym, entry.age, entry.outcome) == ("Ruby", "9 weeks", "seriously-harmed")
    learning = entry.items.get(kind="learning_point", text=SLEEP_POINT)
    tag = learning.themes.get(theme="safer-sleep")
    assert learning.text[tag.start:tag.end] == "safer sleep"
    assert AuditEvent.objects.filter(action="library.review_published_in").count() == 1
    hits = run_search("co-sleeping sofa", SearchFilters(review_type="local-child-safeguarding-practice-review")).hits
    assert [h.item for h in hits] == [learning]


def test_the_library_takes_the_gated_briefing_text_never_the_reviews_own_findings(manager_rob, now, published_review):
    entry = _publish(published_review, manager_rob, now)
    texts = " ".join(entry.items.values_list("text", flat=True))
    assert "Jayden" not in texts and "did not see the child alone" in texts
    assert entry.title == "Learning from Ruby's review"


def test_publishing_again_updates_the_same_entry_and_keeps_library_corrections(
        manager_rob, reviewer_helen, now, published_review):
    entry = _publish(published_review, manager_rob, now)
    recommendation = entry.items.get(kind="recommendation")
    correct_item(item=recommendation, by=reviewer_helen, now=now, kind="recommendation",
                 text="Seek assurance that every agency uses the safer sleep guidance.")
    learning = entry.items.get(kind="learning_point", text=SLEEP_POINT)
    set_item_themes(item=learning, by=reviewer_helen, now=now, themes=["safer-sleep", "infant-vulnerability"])

    again = _publish(published_review, manager_rob, now, version=2, title="Ruby: revised briefing",
                     learning=[SLEEP_POINT, "Practitioners did not see the child alone at any visit.",
                               "Fathers should be included in safer sleep advice."])

    assert again.pk == entry.pk and LibraryEntry.objects.count() == 1
    assert again.title == "Ruby: revised briefing" and again.items.count() == 4
    recommendation.refresh_from_db()
    assert recommendation.text == "Seek assurance that every agency uses the safer sleep guidance."
    assert {t.theme for t in learning.active_themes} == {"safer-sleep", "infant-vulnerability"}
