"""'prebirth', 'pre-birth' and 'pre birth' find the same learning, on SQLite FTS5 and PostgreSQL full text."""

from __future__ import annotations

import pytest

from casereview.library.search import SearchFilters, run_search
from casereview.library.services import ingest_file
from tests.library.conftest import briefing


@pytest.fixture
def library(manager_rob, now):
    written = {
        "Ada": "Practitioners should complete a pre-birth assessment when risk is known before the baby arrives.",
        "Ben": "The prebirth protocol was not followed when the mother moved between local authorities.",
        "Cal": "A pre birth conference should have been held once the unborn panel knew of the father's history.",
        "Dee": "Plans for the family should be child-centred and reviewed whenever circumstances change.",
    }
    entries = {}
    for year, (name, learning) in enumerate(written.items(), 2020):
        data = briefing(name, partnership=f"{name}shire Safeguarding Children Partnership", year=year,
                        learning=[learning, "Agencies should share information about every adult in the home."],
                        recommendations=["The partnership should audit how its procedures are used."])
        entries[name] = ingest_file(data=data, filename=f"{name}.txt", by=manager_rob, now=now).entry
    return entries


def _found(query: str) -> list[str]:
    return sorted(hit.item.entry.pseudonym for hit in run_search(query, SearchFilters()).hits)


@pytest.mark.parametrize("query", ["prebirth", "pre-birth", "pre birth", "Pre-Birth", '"pre birth"'])
def test_every_spelling_of_pre_birth_finds_all_three_written_forms(library, query):
    assert _found(query) == ["Ada", "Ben", "Cal"]


def test_the_three_spellings_rank_the_same(library):
    orders = {q: [h.item.pk for h in run_search(q, SearchFilters()).hits] for q in ("prebirth", "pre-birth", "pre birth")}
    assert orders["prebirth"] == orders["pre-birth"] == orders["pre birth"]


def test_a_phrase_with_a_compound_matches_it_written_either_way(library):
    assert _found('"prebirth assessment"') == ["Ada"]
    assert _found('"pre-birth protocol"') == ["Ben"]


def test_a_joined_query_finds_a_hyphenated_compound_with_no_known_prefix(library):
    assert _found("childcentred") == _found("child-centred") == ["Dee"]


def test_a_compound_in_the_text_is_highlighted_whichever_spelling_was_searched(library):
    hit = run_search("prebirth", SearchFilters(year=2020)).hits[0]
    assert "<mark>pre</mark>-<mark>birth</mark>" in hit.snippet or "<mark>pre-birth</mark>" in hit.snippet


def test_excluding_a_compound_excludes_every_spelling(library):
    assert _found("protocol OR assessment OR conference -prebirth") == []
