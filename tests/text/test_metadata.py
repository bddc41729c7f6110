"""Metadata: review type, partnership, pseudonym, age, outcome, links, title and year."""

from __future__ import annotations

import pytest

from casereview.text.extract import extract_text
from casereview.text.metadata import (
    find_age,
    find_links,
    find_outcome,
    find_partnership,
    find_pseudonym,
    find_review_type,
    find_year,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This Serious Case Review (SCR) was undertaken in 2019.", "serious-case-review"),
        ("A Local Child Safeguarding Practice Review (LCSPR) was commissioned after the rapid review.", "local-child-safeguarding-practice-review"),
        ("The rapid review concluded that no further review was needed.", "rapid-review"),
        ("An Extended Child Practice Review was commissioned by the Regional Board.", "child-practice-review"),
        ("The Learning Review was published by the Child Protection Committee.", "learning-review"),
        ("The Panel's national review of children with disabilities in residential settings.", "national-review"),
        ("A Safeguarding Adults Review was held.", "other"),
        ("The family were supported by the health visitor.", None),
    ],
)
def test_review_type_is_recognised(text, expected):
    assert find_review_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Cambridgeshire and Peterborough Safeguarding Partnership Board should seek assurance.",
         "Cambridgeshire and Peterborough Safeguarding Partnership Board"),
        ("Published by Leeds Safeguarding Children Partnership in 2022.", "Leeds Safeguarding Children Partnership"),
        ("Brighton & Hove Local Safeguarding Children Board commissioned the review.", "Brighton & Hove Local Safeguarding Children Board"),
        ("There is guidance on the Safeguarding Children Partnership Board website.", None),
    ],
)
def test_partnership_is_the_named_board_not_a_generic_mention(text, expected):
    assert find_partnership(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This SCR was undertaken on a baby who we shall call Oliver, to respect his anonymity.", "Oliver"),
        ("The child, known as Child T, lived with his mother.", "Child T"),
        ("The young person, referred to as Jade, was 15.", "Jade"),
        ("Learning from the review for Baby K was shared widely.", "Baby K"),
        ("The subject of this review is Amira, who was four.", "Amira"),
        ("The family were supported by the health visitor.", None),
    ],
)
def test_child_pseudonym_is_found(text, expected):
    assert find_pseudonym(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This review concerns injuries sustained by a baby of only 15 days old.", "15 days"),
        ("Child T was nine weeks old when he was admitted to hospital.", "9 weeks"),
        ("The girl, aged 4, lived with her grandparents.", "4 years"),
        ("She was 14 years old at the time of her death.", "14 years"),
        ("He was a seven-month-old baby when he was injured.", "7 months"),
        ("The baby was 3 months old.", "3 months"),
    ],
)
def test_age_is_normalised_to_number_and_plural_unit(text, expected):
    assert find_age(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oliver subsequently died of these injuries.", "died"),
        ("The baby was admitted to hospital with life-changing injuries.", "seriously-harmed"),
        ("A review is held when the child has died; or the child has been seriously harmed.", None),
        ("The family moved to another area.", None),
    ],
)
def test_outcome_comes_from_the_case_not_the_statutory_criteria(text, expected):
    assert find_outcome(text, pseudonym="Oliver") == expected


def test_links_are_collected_once_in_order_without_trailing_punctuation():
    text = "See https://example.org/a. Also www.example.org/b, and https://example.org/a again."
    assert find_links(text, ["https://example.org/c"]) == [
        "https://example.org/a",
        "https://www.example.org/b",
        "https://example.org/c",
    ]


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("Published: 12 March 2021", None, 2021),
        ("The review was completed in June 2019.", None, 2019),
        ("No year here.", "Child T briefing 2023", 2023),
        ("See https://example.org/uploads/2020/08/pack.pdf", None, None),
    ],
)
def test_year_comes_from_title_publication_line_or_month_and_year(text, title, expected):
    assert find_year(text, title) == expected


def test_title_prefers_a_heading_naming_the_review_and_the_child():
    text = (
        "Practitioner Briefing\n\nLearning from the Serious Case Review for Baby K\n\n"
        "What is a Serious Case Review?\n\nA review held when a child dies.\n\n"
        "This review concerns Baby K, who was 6 weeks old."
    )
    result = extract_text(text)
    assert result.title == "Learning from the Serious Case Review for Baby K"
    assert result.pseudonym == "Baby K"
    assert result.age == "6 weeks"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Learning from the case of Tomos\n\nTomos was nine weeks old.", "Tomos"),
        ("Serious Case Review: Baby Ruby\n\nRuby died at home.", "Baby Ruby"),
        ("This review concerns the Dawson children, who lived with their mother.", "Dawson children"),
        ("Sam (not his real name) was 15 years old.", "Sam"),
        ("Archie (pseudonym) was aged 4 when he died.", "Archie"),
        ("Child C and Child D are twins.", "Child C and Child D"),
        ("Local Child Safeguarding Practice Review: Ava and Mia\n\nAva was injured.", "Ava and Mia"),
        ("This review is about a young person we will call Ellis.", "Ellis"),
        ("Learning Review\n\nRuairidh\n\nRuairidh was 15 when he was attacked.", "Ruairidh"),
        ("Learning Review\n\nSummary\n\nThe Summary below sets out what we found.", None),
    ],
)
def test_pseudonym_forms_from_titles_and_openings(text, expected):
    assert find_pseudonym(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tomos was an infant of 9 weeks when he was admitted to hospital.", "9 weeks"),
        ("Baby Z was a baby of 11 weeks.", "11 weeks"),
        ("The sisters, aged 4 and 6, lived with their father.", None),
    ],
)
def test_age_from_infant_of_and_not_from_two_ages(text, expected):
    assert find_age(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Baby Arlo was a 7-week-old baby who suffered a serious head injury.", "seriously-harmed"),
        ("Child W sustained a fractured skull.", "seriously-harmed"),
        ("Three of the children were found to have suffered significant harm.", "seriously-harmed"),
        ("Child AB was found dead in a park.", "died"),
        ("Sam was 15 years old when he took his own life.", "died"),
        ("The children were seen by the school nurse.", None),
    ],
)
def test_outcome_phrasings_about_the_child(text, expected):
    assert find_outcome(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In October 2019 the baby died. This report was published in February 2021.", 2021),
        ("The review was completed in 2015.", 2015),
        ("Published: 14/02/2024", 2024),
        ("Published by the West Glamorgan Safeguarding Board in 2019.", 2019),
    ],
)
def test_review_year_is_when_it_was_published_not_when_the_incident_happened(text, expected):
    assert find_year(text) == expected


def _texts_around_names(count: int) -> list[str]:
    import random

    rng = random.Random(14)
    fragments = ["we will call Carys", "who we have called Lily", "who will be known as Ava", "Review for Baby K",
                 "Briefing \u2013 Child T", "Young Person B", "The Dawson-Smith twins", "the Dawson children", "the case of Tomos", "the\n\ncase of Ava and Mia", "(the case of Leo)", "death of Theo", "known as Kai",
                 "referred to in this review as Baby K", "pseudonym Sam", "called 'Lily'", "subject of this review is Noah",
                 "Baby Ruby", "Review: Ava", "Sam (not his real name)", "who we shall call Oliver", "Thecase of Al",
                 "Local Safeguarding Board", "(Local  Safeguarding Children Board)", "Children\u2019s\nSafeguarding Board",
                 "Northshire Safeguarding Children Partnership", "xLocal Safeguarding Arrangements", "Safeguarding Safeguarding"]
    words = "the a case of death life story known as called Baby Ruby Leo and was in this review is Children's Local".split()
    return [rng.choice([" ", "\n", ". ", "  "]).join(rng.choice(fragments) if rng.random() < 0.3 else rng.choice(words)
                                                     for _ in range(rng.randint(1, 12))) for _ in range(count)]


def test_pseudonym_guards_change_no_name():
    """Skipping a pattern whose literal part is absent, or scanning from it, finds the names a full scan finds."""
    from collections import Counter

    from casereview.text import resources as r
    from casereview.text.metadata import _name_line

    def full_scan(text: str, title: str | None = None) -> str | None:
        for pattern in r.PSEUDONYM_PATTERNS:
            names: Counter[str] = Counter()
            for source in filter(None, (title, text)):
                for match in pattern.finditer(source):
                    name = " ".join(match.group("name").split())
                    if name.split()[0] in r.NAME_STOP_WORDS and len(name.split()) == 1:
                        continue
                    names[name] += 1
            if names:
                return max(names.items(), key=lambda kv: (kv[1], text.count(kv[0])))[0]
        return _name_line(text)

    texts = _texts_around_names(3000)
    found = [find_pseudonym(text, text[-60:]) for text in texts]
    assert found == [full_scan(text, text[-60:]) for text in texts]
    assert sum(name is not None for name in found) > 1000


def test_partnership_matches_are_those_of_a_full_scan():
    """Trying the pattern only around "Safeguarding" finds exactly the matches a scan of every position finds."""
    from casereview.text import resources as r
    from casereview.text.metadata import _partnership_cores

    texts = _texts_around_names(3000)
    spans = [[match.span() for match in _partnership_cores(text)] for text in texts]
    assert spans == [[match.span() for match in r.PARTNERSHIP_CORE_RE.finditer(text)] for text in texts]
    assert sum(map(len, spans)) > 500
