"""The demo library loads on a fresh database, twice without change."""

from __future__ import annotations

import io

from casereview.library.demo import load_demo
from casereview.library.models import LibraryEntry, LibraryItem, Source
from casereview.library.search import SearchFilters, run_search


def test_the_demo_library_has_both_seed_renderings_as_one_review_and_briefings_from_other_partnerships(db):
    out = io.StringIO()
    load_demo(stdout=out)
    assert "not added" not in out.getvalue()
    assert Source.objects.count() == 6 and LibraryEntry.objects.count() == 5
    oliver = LibraryEntry.objects.get(pseudonym="Oliver")
    assert oliver.sources.count() == 2 and oliver.items.count() == 17
    assert LibraryEntry.objects.values("partnership").distinct().count() == 5
    assert run_search("safer sleep", SearchFilters()).total > 0
    assert run_search("", SearchFilters(theme="exploitation")).total > 0


def test_loading_the_demo_again_changes_nothing(db):
    load_demo(stdout=io.StringIO())
    counts = (LibraryEntry.objects.count(), Source.objects.count(), LibraryItem.objects.count())
    out = io.StringIO()
    load_demo(stdout=out)
    assert (LibraryEntry.objects.count(), Source.objects.count(), LibraryItem.objects.count()) == counts
    assert "0 demo documents added, 6 already present" in out.getvalue()
