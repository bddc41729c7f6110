"""Search counts facets from each process's copy of the items' facet data (casereview/library/facets.py).

The copy must give exactly what a plain computation from the models gives, and must
never outlive a change: every write to entries, items or theme rows changes the
library's search version, a withdrawn briefing vanishes at once, and a copy made
inside a transaction that was rolled back is never used. Runs on SQLite and, under
script/with-postgres, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction

from casereview.library import facets as facet_data
from casereview.library import search
from casereview.library.models import ItemTheme, LibraryEntry, LibraryItem
from casereview.library.search import SearchFilters, run_search, search_items
from casereview.library.services import (
    correct_item,
    ingest_file,
    ingest_published_briefing,
    remove_published_review,
    set_item_themes,
)
from casereview.reviews.models import Review, ReviewType
from tests.library.conftest import briefing

EASTSHIRE = "Eastshire Safeguarding Children Partnership"


@pytest.fixture
def library(manager_rob, now, seed_pdf_text, dog_briefing):
    oliver = ingest_file(data=seed_pdf_text, filename="oliver.txt", by=manager_rob, now=now).entry
    mia = ingest_file(data=dog_briefing, filename="mia.txt", by=manager_rob, now=now).entry
    sam = ingest_file(data=briefing(
        "Sam", partnership=EASTSHIRE, year=2021,
        learning=["Agencies did not escalate their concerns about neglect when home conditions deteriorated.",
                  "School attendance fell sharply and nobody asked Sam about his daily life or the dogs at home."],
        recommendations=["The partnership should audit how escalation of neglect concerns is used."],
    ), filename="sam.txt", by=manager_rob, now=now).entry
    set_item_themes(item=mia.items.order_by("pk").first(), by=manager_rob, now=now, themes=["dogs", "safer-sleep"])
    set_item_themes(item=sam.items.get(text__contains="dogs"), by=manager_rob, now=now, themes=["neglect", "dogs"])
    return {"oliver": oliver, "mia": mia, "sam": sam}


def _plain(query: str, filters: SearchFilters) -> dict:
    """Total and facet counts computed straight from the models: the meaning the copy must keep."""
    items = LibraryItem.objects.all()
    if filters.theme:
        items = items.filter(themes__theme=filters.theme, themes__removed=False)
    for field in ("review_type", "partnership", "year"):
        if getattr(filters, field):
            items = items.filter(**{f"entry__{field}": getattr(filters, field)})
    ids = set(items.values_list("id", flat=True))
    if query:
        ids &= {hit.item.pk for hit in run_search(query, SearchFilters(), per_page=10_000, with_facets=False).hits}
    themes = Counter(ItemTheme.objects.filter(item_id__in=ids, removed=False).values_list("theme", flat=True))
    rows = list(LibraryItem.objects.filter(id__in=ids).values_list("entry__review_type", "entry__partnership",
                                                                     "entry__year"))
    return {"total": len(ids), "theme": dict(themes),
            "review_type": dict(Counter(r for r, _, _ in rows if r)),
            "partnership": dict(Counter(p for _, p, _ in rows if p)),
            "year": dict(Counter(str(y) for _, _, y in rows if y))}


def _counts(page) -> dict:
    return {"total": page.total, **{name: {f.value: f.count for f in values} for name, values in page.facets.items()}}


def _shown(page) -> list[tuple]:
    return [(h.item.pk, h.score, str(h.snippet), h.themes) for h in page.hits]


SEARCHES = [
    ("", SearchFilters()), ("", SearchFilters(theme="dogs")), ("", SearchFilters(year=2021)),
    ("", SearchFilters(partnership=EASTSHIRE)), ("", SearchFilters(theme="dogs", review_type="serious-case-review")),
    ("dogs", SearchFilters()), ("dogs", SearchFilters(theme="dogs")), ("neglect OR dogs", SearchFilters(year=2023)),
    ('"safer sleep"', SearchFilters()), ("escalate", SearchFilters(partnership=EASTSHIRE)),
    ("dog*", SearchFilters(theme="not a theme")), ("nothing-like-this", SearchFilters()),
]


@pytest.mark.parametrize(("query", "filters"), SEARCHES)
def test_the_copy_gives_the_counts_and_pages_a_plain_computation_gives(library, monkeypatch, query, filters):
    fast = [run_search(query, filters, page=page, per_page=4) for page in (1, 2)]
    assert _counts(fast[0]) == _plain(query, filters)
    # Without a version the copy is never used: counts from the models, pages ranked by the database.
    monkeypatch.setattr(facet_data, "version", lambda using="default": None)
    plain = [run_search(query, filters, page=page, per_page=4) for page in (1, 2)]
    assert [_shown(p) for p in fast] == [_shown(p) for p in plain]
    assert [_counts(p) for p in fast] == [_counts(p) for p in plain]


def test_every_write_to_entries_items_or_themes_gives_a_new_version(library, manager_rob, now):
    item = library["mia"].items.order_by("pk").first()
    seen = [facet_data.version()]

    def changed() -> bool:
        seen.append(facet_data.version())
        return seen[-1] not in seen[:-1]

    set_item_themes(item=item, by=manager_rob, now=now, themes=["dogs"])  # a theme row marked removed
    assert changed()
    set_item_themes(item=item, by=manager_rob, now=now, themes=["dogs", "neglect"])  # a theme row added
    assert changed()
    ItemTheme.objects.filter(item=item, theme="neglect").delete()
    assert changed()
    correct_item(item=item, by=manager_rob, now=now, text="Dogs and babies were not discussed.", kind="learning_point")
    assert changed()
    LibraryEntry.objects.filter(pk=library["sam"].pk).update(year=2020)
    assert changed()
    LibraryItem.objects.filter(pk=item.pk).delete()
    assert changed()


def test_counts_follow_corrections_and_new_files_at_once_with_the_copy_warm(library, manager_rob, now):
    assert {f.value: f.count for f in run_search("dogs", SearchFilters()).facets["theme"]}.get("neglect") == 1
    sam_item = library["sam"].items.get(text__contains="dogs")
    set_item_themes(item=sam_item, by=manager_rob, now=now, themes=["dogs"])
    assert "neglect" not in {f.value for f in run_search("dogs", SearchFilters()).facets["theme"]}
    entry = library["sam"]
    entry.year = 2019
    entry.save()
    assert {f.value for f in run_search("", SearchFilters()).facets["year"]} >= {"2019"}
    assert run_search("", SearchFilters(year=2021)).total == 0
    ingest_file(data=briefing("Zoe", partnership=EASTSHIRE, learning=["Nobody asked about the dogs in the flat."],
                              recommendations=["Agencies should ask about dogs."]), filename="zoe.txt",
                by=manager_rob, now=now)
    for query, filters in SEARCHES:
        assert _counts(run_search(query, filters)) == _plain(query, filters)


@pytest.fixture
def published_ruby(partnership, manager_rob, now):
    review = Review.objects.create(
        partnership=partnership, reference="LCSPR-2026-009",
        review_type=ReviewType.objects.get(slug="local-child-safeguarding-practice-review"),
        title="LCSPR: Ruby", pseudonym="Ruby", age_at_incident="9 weeks", outcome="seriously-harmed",
        incident_date=dt.date(2026, 1, 5), aware_date=dt.date(2026, 1, 6), published_date=dt.date(2026, 10, 1),
        created_at=now, updated_at=now)
    ingest_published_briefing(
        review=review, version=1, title="Learning from Ruby's review", published_at=now, by=manager_rob, now=now,
        learning_points=["Health visitors should ask about the family dogs and safer sleep at every contact."],
        recommendations=["The partnership should seek assurance that guidance on dogs is used."])
    return review


def test_a_withdrawn_briefing_vanishes_from_results_and_counts_at_once(library, published_ruby, manager_rob, now,
                                                                       board_margaret):
    before = search_items(board_margaret, "dogs", SearchFilters())
    assert any(h.item.entry.review_id == published_ruby.pk for h in before.hits)
    browsed = run_search("", SearchFilters())  # browse counts are remembered per filters: warm them
    remove_published_review(review=published_ruby, version=1, reason="Family asked", by=manager_rob, now=now)
    after = search_items(board_margaret, "dogs", SearchFilters())
    assert not any(h.item.entry.review_id == published_ruby.pk for h in after.hits)
    assert after.total == before.total - 2 and _counts(after) == _plain("dogs", SearchFilters())
    rebrowsed = run_search("", SearchFilters())
    assert rebrowsed.total == browsed.total - 2 and _counts(rebrowsed) == _plain("", SearchFilters())
    assert published_ruby.partnership.name not in {f.value for f in rebrowsed.facets["partnership"]}


def test_a_copy_made_inside_a_rolled_back_transaction_is_never_used_afterwards(library, manager_rob, now):
    class Undo(Exception):
        pass

    outside = run_search("dogs", SearchFilters())
    with pytest.raises(Undo), transaction.atomic():
        ingest_file(data=briefing("Kai", learning=["Kai's dogs were never asked about by anyone."],
                                  recommendations=["Ask about dogs."]), filename="kai.txt", by=manager_rob, now=now)
        inside = run_search("dogs", SearchFilters())
        raise Undo
    assert inside.total > outside.total
    assert _counts(run_search("dogs", SearchFilters())) == _counts(outside) == _plain("dogs", SearchFilters())
    ingest_file(data=briefing("Ivy", learning=["Ivy lived with three dogs."], recommendations=["Ask about pets."]),
                filename="ivy.txt", by=manager_rob, now=now)
    for query, filters in SEARCHES:
        assert _counts(run_search(query, filters)) == _plain(query, filters)


def test_when_the_library_changes_under_a_search_its_counts_are_of_one_moment(library, manager_rob, now,
                                                                             monkeypatch):
    """A write lands just after every read of the matches. Matches and counts must still describe one state
    of the library (SQLite retries, then counts from the models; PostgreSQL reads its matches with the
    version, so a copy of that version fits), never matches of one state with counts of another."""
    item = library["mia"].items.order_by("pk").first()
    states: list[dict] = []

    def read_then_write(original):
        def wrapped(*args, **kwargs):
            result = original(*args, **kwargs)
            states.append(_plain("dogs", SearchFilters()))
            # Each write changes both whether the item matches and its themes.
            matched = len(states) % 2 == 1
            correct_item(item=item, by=manager_rob, now=now, kind="learning_point",
                         text="The dogs were not asked about." if matched else "Nobody asked about pets.")
            set_item_themes(item=item, by=manager_rob, now=now, themes=["neglect" if matched else "safer-sleep"])
            return result
        return wrapped

    monkeypatch.setattr(search, "_sqlite_matches", read_then_write(search._sqlite_matches))
    monkeypatch.setattr(search, "_postgres_matches", read_then_write(search._postgres_matches))
    page = run_search("dogs", SearchFilters())
    assert len(states) >= 2
    assert _counts(page) in [*states, _plain("dogs", SearchFilters())]
