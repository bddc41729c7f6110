"""Text normalisation: doing it twice changes nothing, and no word of the text is lost.

Documented exceptions the strategies leave out: page furniture (running headers and
footers, page numbers, "Page N of M") and web chrome lines ("Skip to content") are
removed on purpose; a word hyphenated across a line end is joined into one word.
"""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from casereview.text.normalise import normalise_characters, normalise_for_comparison, normalise_text

WORDS = ["the", "child", "Oliver", "health", "visitor", "did", "not", "see", "dogs", "at", "home", "Police",
         "strategy", "meeting", "was", "held", "learning", "point", "should", "agencies", "share", "information",
         "café", "naïve", "ﬁnding", "co-operation", "mother's", "“voice”"]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", ". ", ", ", ": ", ".\n", "\n- ", "\n• ", "\n1. ", "\n# ", "\t",
              "\u00a0", "\r\n", "  "]

documents = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=60).map(
    lambda parts: "".join(w + s for w, s in parts))
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=200)


def words(text: str) -> Counter:
    # Word characters after the character clean-up (ligatures spelt out, NFKC), case kept.
    return Counter(re.findall(r"\w+", normalise_characters(text)))


@given(any_text)
def test_character_normalisation_is_idempotent(text):
    once = normalise_characters(text)
    assert normalise_characters(once) == once


@given(any_text)
def test_comparison_form_is_idempotent(text):
    once = normalise_for_comparison(text)
    assert normalise_for_comparison(once) == once


@given(documents)
def test_normalising_a_normalised_document_changes_nothing(text):
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(documents)
def test_no_word_is_lost_or_invented(text):
    assert words(normalise_text(text)) == words(text)
