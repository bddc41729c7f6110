"""One library entry per review: a briefing published in CaseReview and files of the same briefing
are one entry, whichever arrived first; its year is the review's; withdrawal leaves the files their own entry."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from casereview.accounts.models import Partnership
from casereview.audit.models import AuditEvent
from casereview.library.models import LibraryEntry, Origin, Source
from casereview.library.search import SearchFilters, run_search
from casereview.library.services import (
    attach_file_copies,
    ingest_file,
    ingest_published_briefing,
    remove_published_review,
)
from casereview.reviews.models import Review, ReviewType
from casereview.text.extract import extract_bytes
from tests.library.conftest import SEED_PDF_TEXT, SEED_WEB_TEXT, briefing

SEED_PARTNERSHIP = "Cambridgeshire and Peterborough Safeguarding Partnership Board"
DOG_SEARCH = "unsupervised with a dog"


def _seed_items() -> tuple[list[str], list[str]]:
    """The seed briefing's items, as the gated briefing published in CaseReview carries them."""
    extracted = extract_bytes(SEED_PDF_TEXT.read_bytes(), SEED_PDF_TEXT.name)
    return [i.text for i in extracted.learning_points], [i.text for i in extracted.recommendations]


@pytest.fixture
def oliver(db, now):
    partnership = Partnership.objects.create(name=SEED_PARTNERSHIP, short_name="CPSCP")
    return Review.objects.create(
        partnership=partnership, reference="SCR-2019-001", review_type=ReviewType.objects.get(slug="serious-case-review"),
        title="Serious Case Review: Oliver", pseudonym="Oliver", age_at_incident="15 days", outcome="died",
        incident_date=dt.date(2018, 12, 30), aware_date=dt.date(2019, 1, 2), published_date=dt.date(2020, 8, 3),
        stage="action_monitoring", created_at=now, updated_at=now,
    )


def _publish(review, user, now, *, published_at=None, learning=None, recommendations=None):
    seed_learning, seed_recommendations = _seed_items()
    return ingest_published_briefing(
        review=review, version=1, title="Learning lessons from a Serious Case Review: Oliver",
        learning_points=learning if learning is not None else seed_learning,
        recommendations=recommendations if recommendations is not None else seed_recommendations,
        published_at=published_at or now, by=user, now=now)


def _ingest_seeds(now):
    return [ingest_file(data=path.read_bytes(), filename=path.name, by=None, now=now)
            for path in (SEED_PDF_TEXT, SEED_WEB_TEXT)]


def test_seed_files_ingested_after_the_review_is_published_are_sources_of_its_entry(oliver, manager_rob, now):
    entry = _publish(oliver, manager_rob, now)
    results = _ingest_seeds(now)
    assert [r.result for r in results] == ["added-source", "added-source"]
    assert LibraryEntry.objects.count() == 1 and all(r.entry.pk == entry.pk for r in results)
    entry.refresh_from_db()
    assert entry.origin == Origin.PUBLISHED and entry.sources.count() == 2 and entry.items.count() == 17
    assert len(run_search(DOG_SEARCH, SearchFilters()).hits) == 1
    assert AuditEvent.objects.filter(action="library.file_ingested", changes__published_in_casereview="SCR-2019-001"
                                     ).count() == 2


def test_seed_files_ingested_before_the_review_is_published_fold_into_its_entry(oliver, manager_rob, now):
    _ingest_seeds(now)
    assert LibraryEntry.objects.count() == 1 and len(run_search(DOG_SEARCH, SearchFilters()).hits) == 1

    entry = _publish(oliver, manager_rob, now)

    assert list(LibraryEntry.objects.all()) == [entry] and entry.origin == Origin.PUBLISHED
    assert sorted(entry.sources.values_list("filename", flat=True)) == [SEED_PDF_TEXT.name, SEED_WEB_TEXT.name]
    assert entry.items.count() == 17
    hits = run_search(DOG_SEARCH, SearchFilters()).hits
    assert [h.item.entry.pk for h in hits] == [entry.pk]
    event = AuditEvent.objects.get(action="library.review_published_in")
    assert event.changes["files_attached"]["items_dropped"] == 17


def test_a_file_seen_again_after_it_was_attached_changes_nothing(oliver, manager_rob, now):
    _ingest_seeds(now)
    entry = _publish(oliver, manager_rob, now)
    again = _ingest_seeds(now)
    assert [r.result for r in again] == ["unchanged", "unchanged"] and again[0].entry == entry
    assert LibraryEntry.objects.count() == 1 and Source.objects.count() == 2


def test_the_entry_year_is_the_reviews_publication_year_not_the_day_it_was_published_here(oliver, manager_rob, now):
    entry = _publish(oliver, manager_rob, now, published_at=dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC))
    assert entry.year == 2020


def test_without_a_recorded_publication_date_the_year_is_the_first_publications(oliver, manager_rob, now):
    oliver.published_date = None
    oliver.save()
    first = _publish(oliver, manager_rob, now, published_at=dt.datetime(2021, 3, 1, 9, 0, tzinfo=dt.UTC))
    again = _publish(oliver, manager_rob, now, published_at=dt.datetime(2023, 3, 1, 9, 0, tzinfo=dt.UTC))
    assert first.year == again.year == 2021


def test_withdrawing_the_published_briefing_leaves_the_files_as_an_entry_of_their_own(oliver, manager_rob, now):
    _publish(oliver, manager_rob, now)
    _ingest_seeds(now)
    remove_published_review(review=oliver, version=1, reason="Family asked", by=manager_rob, now=now)
    entry = LibraryEntry.objects.get()
    assert entry.origin == Origin.INGESTED and entry.review is None and entry.sources.count() == 2
    assert entry.items.count() == 17 and entry.pseudonym == "Oliver"
    assert len(run_search(DOG_SEARCH, SearchFilters()).hits) == 1
    event = AuditEvent.objects.get(action="library.review_withdrawn")
    assert sorted(event.changes["files_kept"]) == [SEED_PDF_TEXT.name, SEED_WEB_TEXT.name]


def test_a_review_of_another_child_with_the_same_pseudonym_is_not_merged(partnership, manager_rob, now):
    review = Review.objects.create(
        partnership=partnership, reference="LCSPR-2026-002",
        review_type=ReviewType.objects.get(slug="local-child-safeguarding-practice-review"),
        title="LCSPR: Mia", pseudonym="Mia", age_at_incident="4 years", outcome="seriously-harmed",
        incident_date=dt.date(2026, 1, 5), aware_date=dt.date(2026, 1, 6), published_date=dt.date(2026, 10, 1),
        created_at=now, updated_at=now)
    ingest_published_briefing(review=review, version=1, title="Learning from Mia's review", published_at=now,
                              learning_points=["Practitioners should see the child alone at every visit."],
                              recommendations=["The partnership should audit home visits."], by=manager_rob, now=now)
    learning = ["Practitioners should assess the risk posed by dogs in the household when a baby is born.",
                "Information sharing between the health visitor and housing officer was too slow."]
    recommendations = ["The partnership should publish guidance on dogs and babies."]
    # Same partnership, pseudonym and review type: another year, then no year stated and other learning.
    earlier = briefing("Mia", partnership=partnership.name, year=2019, learning=learning,
                       recommendations=recommendations)
    undated = earlier.replace(b"Published 2019.", b"")
    undated_result = ingest_file(data=undated, filename="mia-undated.txt", by=None, now=now)
    dated_result = ingest_file(data=earlier, filename="mia-2019.txt", by=None, now=now)
    assert undated_result.result == "created" and undated_result.entry.origin == Origin.INGESTED
    assert dated_result.entry == undated_result.entry  # one document in two renderings, not the in-app review
    assert LibraryEntry.objects.filter(origin=Origin.PUBLISHED, review=review).get().items.count() == 2


def test_the_demo_library_shows_the_seed_dog_recommendation_once(db):
    from casereview.accounts.demo import load_demo as load_accounts
    from casereview.library.demo import load_demo as load_library
    from casereview.publishing.demo import load_demo as load_publishing
    from casereview.reviews.demo import load_demo as load_reviews

    for load in (load_accounts, load_reviews, load_publishing, load_library):
        load(stdout=io.StringIO())
    hits = run_search(DOG_SEARCH, SearchFilters()).hits
    assert len(hits) == 1
    oliver = hits[0].item.entry
    assert oliver.origin == Origin.PUBLISHED and oliver.year == 2020 and oliver.sources.count() == 2
    assert LibraryEntry.objects.filter(pseudonym="Oliver").count() == 1
    assert oliver.items.filter(section="Single-agency recommendations").count() == 2
    assert attach_file_copies(by=None, now=dt.datetime.now(dt.UTC)) == 0
