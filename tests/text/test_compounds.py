"""Compound words written hyphenated, joined or spaced are the same word to search."""

from __future__ import annotations

import pytest

from casereview.text.compounds import joined_forms, spellings, split_joined


@pytest.mark.parametrize(("word", "split"), [
    ("prebirth", ("pre", "birth")),
    ("Prebirth", ("Pre", "birth")),
    ("multiagency", ("multi", "agency")),
    ("cosleeping", ("co", "sleeping")),
    ("interagency", ("inter", "agency")),  # the longest prefix wins over none shorter
    ("none", None),  # too little left after the prefix
    ("exits", None),  # what is left is a stop word: it would be searched as "ex" alone
    ("wellbeing", None),
    ("birth", None),
    ("re2019", None),
])
def test_a_joined_word_splits_after_a_known_prefix(word, split):
    assert split_joined(word) == split


@pytest.mark.parametrize(("text", "joined"), [
    ("Complete a pre-birth assessment and a child-centred plan.", ["prebirth", "childcentred"]),
    ("Face-to-face visits; face-to-face again.", ["facetoface"]),
    ("Pre\u2011birth (non-breaking hyphen)", ["prebirth", "nonbreaking"]),
    ("2019\u20132020 is a range, not a compound", []),
    ("No compounds here", []),
])
def test_hyphenated_compounds_are_also_indexed_joined(text, joined):
    assert joined_forms(text) == joined


@pytest.mark.parametrize(("pieces", "expected"), [
    (["prebirth"], [("prebirth",), ("pre", "birth")]),
    (["pre-birth"], [("pre", "birth"), ("prebirth",)]),
    (["pre", "birth"], [("pre", "birth"), ("prebirth",)]),
    (["pre-birth", "assessment"], [("pre", "birth", "assessment"), ("prebirth", "assessment")]),
    (["child-centred"], [("child", "centred"), ("childcentred",)]),
    (["don't"], [("don", "t")]),
    (["dogs"], [("dogs",)]),
    (["--"], []),
])
def test_a_query_is_searched_in_every_spelling_of_its_compounds(pieces, expected):
    assert spellings(pieces) == expected


def test_a_phrase_of_many_compounds_stays_a_small_query():
    assert len(spellings(["pre-birth"] * 10)) == 8
