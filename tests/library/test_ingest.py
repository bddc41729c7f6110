"""Ingesting files: dedupe by bytes, one entry per review across renderings, audit."""

from __future__ import annotations

from casereview.audit.models import AuditEvent
from casereview.library.models import LibraryEntry, LibraryItem, Origin, Source
from casereview.library.services import ingest_file


def test_manager_rob_ingests_the_seed_briefing_and_gets_its_ten_learning_points_and_seven_recommendations(
        manager_rob, now, seed_pdf_text):
    result = ingest_file(data=seed_pdf_text, filename="oliver.txt", by=manager_rob, now=now)
    assert result.result == "created"
    entry = result.entry
    assert entry.pseudonym == "Oliver" and entry.review_type == "serious-case-review"
    assert entry.partnership == "Cambridgeshire and Peterborough Safeguarding Partnership Board"
    assert entry.origin == Origin.INGESTED
    assert entry.items.filter(kind="learning_point").count() == 10
    assert entry.items.filter(kind="recommendation").count() == 7
    assert AuditEvent.objects.filter(action="library.file_ingested", actor=manager_rob).count() == 1


def test_ingesting_the_same_file_again_does_nothing(manager_rob, now, seed_pdf_text):
    ingest_file(data=seed_pdf_text, filename="oliver.txt", by=manager_rob, now=now)
    counts = (LibraryEntry.objects.count(), Source.objects.count(), LibraryItem.objects.count(),
              AuditEvent.objects.count())
    again = ingest_file(data=seed_pdf_text, filename="renamed-copy.txt", by=manager_rob, now=now)
    assert again.result == "unchanged"
    assert (LibraryEntry.objects.count(), Source.objects.count(), LibraryItem.objects.count(),
            AuditEvent.objects.count()) == counts


def test_the_two_renderings_of_the_seed_become_one_entry_with_two_sources(
        manager_rob, now, seed_pdf_text, seed_web_text):
    first = ingest_file(data=seed_pdf_text, filename="oliver-pdf.txt", by=manager_rob, now=now)
    second = ingest_file(data=seed_web_text, filename="oliver-web.txt", by=manager_rob, now=now)
    assert (first.result, second.result) == ("created", "added-source")
    assert first.entry.pk == second.entry.pk
    assert LibraryEntry.objects.count() == 1
    assert sorted(Source.objects.values_list("filename", flat=True)) == ["oliver-pdf.txt", "oliver-web.txt"]
    assert LibraryItem.objects.count() == 17


def test_a_different_review_becomes_a_second_entry(manager_rob, now, seed_pdf_text, dog_briefing):
    ingest_file(data=seed_pdf_text, filename="oliver.txt", by=manager_rob, now=now)
    mia = ingest_file(data=dog_briefing, filename="mia.txt", by=manager_rob, now=now)
    assert mia.result == "created"
    assert LibraryEntry.objects.count() == 2
    assert mia.entry.pseudonym == "Mia" and mia.entry.year == 2023
    assert mia.entry.review_type == "local-child-safeguarding-practice-review"
    assert [i.kind for i in mia.entry.items.order_by("source_kind", "number")] == [
        "learning_point", "learning_point", "recommendation"]


def test_the_source_keeps_the_extracted_text_size_and_media_type(manager_rob, now, dog_briefing):
    result = ingest_file(data=dog_briefing, filename="folder/mia.md", by=manager_rob, now=now)
    source = result.entry.sources.get()
    assert source.filename == "mia.md" and source.media_type == "text/markdown"
    assert source.size == len(dog_briefing) and "dogs in the household" in source.text
    assert source.ingested_by == manager_rob and source.ingested_at == now


def test_a_new_review_is_stored_in_a_fixed_handful_of_statements(manager_rob, now, seed_pdf_text):
    """Items, their themes and the search index are written in batches, not a statement per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        result = ingest_file(data=seed_pdf_text, filename="oliver.txt", by=manager_rob, now=now)
    assert result.result == "created" and result.items == 17
    # lookup by bytes, the uploader's partnership's restricted identifiers, reviews published in CaseReview (is
    # this one of them?), lookup by identity, entry, source, items, themes, index (1 or 2), audit
    statements = [q["sql"][:80] for q in ctx.captured_queries
                  if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT"))]
    assert len(statements) <= 11, statements
    item = LibraryItem.objects.filter(entry=result.entry).order_by("source_kind", "number").first()
    assert item.themes.exists() and not item.corrected
