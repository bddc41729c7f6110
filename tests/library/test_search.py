"""Searching the library: ranking, highlighted snippets, filters, facets and hostile queries.

Runs on SQLite (FTS5) and, under script/with-postgres, on PostgreSQL full text.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from casereview.library.search import SearchFilters, fts5_query, run_search, search_items, tsquery
from casereview.library.services import ingest_file, set_item_themes
from tests.library.conftest import briefing


@pytest.fixture
def library(manager_rob, now, seed_pdf_text, dog_briefing):
    oliver = ingest_file(data=seed_pdf_text, filename="oliver.txt", by=manager_rob, now=now).entry
    mia = ingest_file(data=dog_briefing, filename="mia.txt", by=manager_rob, now=now).entry
    sam = ingest_file(data=briefing(
        "Sam", partnership="Eastshire Safeguarding Children Partnership", year=2021,
        learning=["Agencies did not escalate their concerns about neglect when home conditions deteriorated.",
                  "School attendance fell sharply and nobody asked Sam about his daily life."],
        recommendations=["The partnership should audit how escalation of neglect concerns is used."],
    ), filename="sam.html.txt", by=manager_rob, now=now).entry
    for entry, theme in ((mia, "dogs"), (sam, "neglect")):
        for item in entry.items.all():
            set_item_themes(item=item, by=manager_rob, now=now, themes=[theme])
    return {"oliver": oliver, "mia": mia, "sam": sam}


def test_board_margaret_finds_the_learning_point_about_dogs_with_the_words_highlighted(board_margaret, library):
    page = search_items(board_margaret, "dogs household", SearchFilters())
    assert page.total == 1
    hit = page.hits[0]
    assert hit.item.entry == library["mia"] and hit.item.kind == "learning_point"
    assert "<mark>dogs</mark>" in hit.snippet and "<mark>household</mark>" in hit.snippet
    assert hit.themes == ["dogs"]


def test_words_are_stemmed_so_escalation_finds_escalate(library):
    texts = [hit.item.text for hit in run_search("escalation", SearchFilters()).hits]
    assert any("did not escalate" in text for text in texts)
    assert any("escalation of neglect" in text for text in texts)


def test_the_best_match_comes_first(library):
    hits = run_search("neglect escalation audit", SearchFilters()).hits
    assert hits[0].item.text.startswith("The partnership should audit how escalation of neglect")


def test_filters_narrow_results_by_theme_type_partnership_and_year(library):
    assert {h.item.entry.pseudonym for h in run_search("", SearchFilters(theme="neglect")).hits} == {"Sam"}
    assert run_search("", SearchFilters(year=2021)).total == 3
    assert run_search("", SearchFilters(partnership="Westshire Safeguarding Children Partnership")).total == 3
    by_type = run_search("", SearchFilters(review_type="serious-case-review"))
    assert by_type.total == 17 and {h.item.entry.pseudonym for h in by_type.hits} == {"Oliver"}
    assert run_search("publish guidance", SearchFilters(theme="dogs")).total == 1


def test_facets_count_what_each_choice_would_leave_in_the_results(library):
    facets = run_search("housing OR attendance", SearchFilters()).facets
    assert {f.value: f.count for f in facets["theme"]} == {"dogs": 1, "neglect": 1}
    assert {f.value: f.count for f in facets["year"]} == {"2023": 1, "2021": 1}
    narrowed = run_search("housing OR attendance", SearchFilters(theme="dogs"))
    assert narrowed.total == 1
    assert [(f.value, f.count, f.selected) for f in narrowed.facets["theme"]] == [("dogs", 1, True)]
    assert {f.value: f.count for f in narrowed.facets["review_type"]} == {
        "local-child-safeguarding-practice-review": 1}
    assert {f.value: f.count for f in narrowed.facets["partnership"]} == {
        "Westshire Safeguarding Children Partnership": 1}


def test_without_facets_the_total_is_still_counted(library):
    assert run_search("housing OR attendance", SearchFilters(), with_facets=False).total == 2


def test_an_empty_query_lists_the_whole_library(library):
    page = run_search("   ", SearchFilters(), per_page=5)
    assert page.total == 23 and len(page.hits) == 5 and page.pages == 5


@pytest.mark.parametrize("query", ['"', '-', '"unbalanced quote', 'dogs AND', 'NEAR(dogs', 'text:dogs', '*', '^dogs',
                                   '"" - OR', 'dogs -', '-dogs', "o'neil's", 'a OR', '(((', "DROP TABLE x;--"])
def test_hostile_or_odd_queries_never_error(library, query):
    page = run_search(query, SearchFilters())
    assert page.total >= 0


def test_quotes_search_for_a_phrase_and_a_minus_excludes_a_word(library):
    assert run_search('"dogs in the household"', SearchFilters()).total == 1
    assert run_search('"household in dogs"', SearchFilters()).total == 0
    with_neglect = run_search("escalate OR escalation", SearchFilters()).total
    assert run_search("escalate OR escalation -audit", SearchFilters()).total == with_neglect - 1


def test_document_text_cannot_inject_markup_into_snippets(manager_rob, now, board_margaret):
    ingest_file(data=briefing("Zed", learning=["Practitioners saw <script>alert(1)</script> bruising on the baby."],
                              recommendations=["Share <b>information</b> about bruising quickly."]),
                filename="zed.txt", by=manager_rob, now=now)
    snippets = "".join(str(hit.snippet) for hit in search_items(board_margaret, "bruising", SearchFilters()).hits)
    assert "<script>" not in snippets and "<b>" not in snippets
    assert "<mark>bruising</mark>" in snippets


def test_every_role_may_search_but_an_anonymous_visitor_may_not(personas, library):
    from django.contrib.auth.models import AnonymousUser

    for user in personas.values():
        assert search_items(user, "housing officer", SearchFilters()).total == 1
    with pytest.raises(PermissionDenied):
        search_items(AnonymousUser(), "housing", SearchFilters())


@pytest.mark.parametrize(("typed", "expected"), [
    ("dogs", '("dogs")'),
    ("dog*", '("dog"*)'),
    ('"safer sleep" baby', '("safer sleep" AND "baby")'),
    ("a OR b", '("a") OR ("b")'),
    ("dogs -cats", '(("dogs")) NOT "cats"'),
    ('"', None),
    ("-", None),
    ("-cats", None),
    ("text:dogs", '("text dogs")'),
])
def test_typed_queries_become_safe_fts5_expressions(typed, expected):
    assert fts5_query(typed) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ('"safer sleep" dog*', "((safer <-> sleep) & (dog:*))"),
    ("a OR b -c", "(((a)) | ((b))) & !(c)"),
    ("&|!:*()", None),
])
def test_typed_queries_become_the_same_postgresql_tsquery(typed, expected):
    assert tsquery(typed) == expected


def _orm_facets(query: str, filters: SearchFilters) -> dict:
    """Facet counts computed straight from the models, the meaning the fast paths must keep."""
    from collections import Counter

    from casereview.library.models import ItemTheme, LibraryItem

    items = LibraryItem.objects.all()
    if filters.theme:
        items = items.filter(themes__theme=filters.theme, themes__removed=False)
    for field in ("review_type", "partnership", "year"):
        if getattr(filters, field):
            items = items.filter(**{f"entry__{field}": getattr(filters, field)})
    ids = set(items.values_list("id", flat=True))
    if query:
        ids &= {hit.item.pk for hit in run_search(query, filters, per_page=1000, with_facets=False).hits}
    themes = Counter(ItemTheme.objects.filter(item_id__in=ids, removed=False).values_list("theme", flat=True))
    entries = LibraryItem.objects.filter(id__in=ids).values_list("entry__review_type", "entry__year")
    return {"total": len(ids), "theme": dict(themes), "review_type": dict(Counter(t for t, _ in entries if t)),
            "year": dict(Counter(str(y) for _, y in entries if y))}


def _page_facets(page) -> dict:
    return {"total": page.total, "theme": {f.value: f.count for f in page.facets["theme"]},
            "review_type": {f.value: f.count for f in page.facets["review_type"]},
            "year": {f.value: f.count for f in page.facets["year"]}}


@pytest.mark.parametrize(("query", "filters"), [
    ("", SearchFilters()), ("", SearchFilters(theme="dogs")), ("neglect", SearchFilters()),
    ("escalate", SearchFilters(year=2021)), ("", SearchFilters(review_type="serious-case-review")),
    ("sleep OR dogs", SearchFilters(theme="safer-sleep")), ("", SearchFilters(theme="not a theme")),
])
def test_facet_counts_match_the_models_after_corrections(library, manager_rob, now, query, filters):
    """Removing, adding and re-tagging themes, and correcting an entry, show in the counts at once."""
    from casereview.library.services import correct_item

    oliver_items = list(library["oliver"].items.order_by("kind", "number"))
    set_item_themes(item=oliver_items[0], by=manager_rob, now=now, themes=["dogs", "safer-sleep"])
    set_item_themes(item=oliver_items[1], by=manager_rob, now=now, themes=[])
    correct_item(item=oliver_items[2], by=manager_rob, now=now, text="Dogs and safer sleep were not discussed.",
                 kind="recommendation")
    sam = library["sam"]
    sam.year = 2022
    sam.save()
    assert _page_facets(run_search(query, filters)) == _orm_facets(query, filters)


def test_browsing_gives_the_same_page_whichever_plan_sqlite_takes(library, monkeypatch):
    from casereview.library import search

    filters = [SearchFilters(), SearchFilters(theme="dogs"), SearchFilters(year=2021),
               SearchFilters(theme="safer-sleep", review_type="serious-case-review")]
    walked = [[h.item.pk for h in run_search("", f, page=p, per_page=4).hits] for f in filters for p in (1, 2)]
    monkeypatch.setattr(search, "_BROWSE_WALK_ROWS", 0)
    sorted_ = [[h.item.pk for h in run_search("", f, page=p, per_page=4).hits] for f in filters for p in (1, 2)]
    assert walked == sorted_ and any(walked)
