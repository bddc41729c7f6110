"""The text engine's similar-learning scoring: terms in, ranked neighbours and recurring groups out."""

from __future__ import annotations

import pytest

from casereview.text.similar import Corpus, Weights, rank, recurring_groups, stem, terms


@pytest.mark.parametrize(("word", "expected"), [
    ("dogs", "dog"), ("babies", "baby"), ("shared", "shar"), ("sharing", "shar"), ("share", "shar"),
    ("stopping", "stop"), ("assessed", "assess"), ("process", "process"), ("gp", "gp"),
])
def test_the_light_stemmer_makes_forms_of_one_word_agree(word, expected):
    assert stem(word) == expected


def test_stop_words_go_equivalent_words_become_one_and_adjacent_words_pair():
    assert terms("The mum and the dogs") == terms("mother, dog")
    assert "safer sleep" in terms("Give safer sleep advice")
    assert "the" not in terms("the child") and "child" in terms("the children's needs")


POOL = [
    ("near", "Practitioners should ask about dogs in the home and consider the risk they pose to a baby."),
    ("paraphrase", "Staff visiting infants need to find out whether there is a dog at home and the danger to the baby."),
    ("same theme", "Dog licensing should be checked by housing officers when they inspect a property."),
    ("other", "Schools should follow up unexplained absence on the first day."),
]


def test_a_near_duplicate_and_a_paraphrase_outrank_an_item_on_the_same_theme():
    corpus = Corpus(POOL)
    ranked = rank("Practitioners should ask about dogs in the household and the risk they pose to a young baby.",
                  POOL, corpus.weights, limit=5)
    keys = [key for key, _ in ranked]
    assert keys[:2] == ["near", "paraphrase"]
    assert "other" not in keys
    assert ranked[0][1] > 0.6 > ranked[-1][1]


def test_rare_words_weigh_more_than_common_ones():
    common = Weights(100, lambda term: 90)
    rare = Weights(100, lambda term: 2)
    assert rare.idf("dog") > common.idf("dog") > 0


def test_an_empty_or_stop_word_query_finds_nothing():
    corpus = Corpus(POOL)
    assert rank("", POOL, corpus.weights) == []
    assert rank("the and of", POOL, corpus.weights) == []


def test_recurring_groups_link_items_saying_the_same_thing_and_respect_eligibility():
    corpus = Corpus(POOL + [("again", "Practitioners should ask about dogs in the home and the risk they pose to a baby.")])
    groups = recurring_groups(corpus, eligible=lambda a, b: True, threshold=0.5)
    named = [{corpus.keys[m] for m in group} for group in groups]
    assert {"near", "again"} <= named[0] and "other" not in named[0]
    assert recurring_groups(corpus, eligible=lambda a, b: False, threshold=0.5) == []
