"""Redaction check: known identifiers and personal-data patterns are found, with their spans."""

from __future__ import annotations

import pytest

from casereview.text.redact import find_identifiers, nhs_number_is_valid


def kinds(text: str, identifiers: list[str] | None = None) -> list[tuple[str, str]]:
    return [(hit["kind"], hit["text"]) for hit in find_identifiers(text, identifiers or [])]


@pytest.mark.parametrize(
    ("text", "identifier", "found"),
    [
        ("Jayden Smith attended school.", "Jayden Smith", "Jayden Smith"),
        ("JAYDEN   smith attended.", "Jayden Smith", "JAYDEN   smith"),
        ("Jayden\nSmith attended.", "Jayden Smith", "Jayden\nSmith"),
        ("It was Jayden's bike.", "Jayden", "Jayden's"),
        ("It was Jayden\u2019s bike.", "Jayden", "Jayden\u2019s"),
        ("He attended Oakfield Primary School until May.", "oakfield primary school", "Oakfield Primary School"),
    ],
)
def test_known_identifiers_match_whatever_the_case_spacing_or_possessive(text, identifier, found):
    hits = find_identifiers(text, [identifier])
    assert [(h["text"], h["kind"], h["matched"]) for h in hits] == [(found, "identifier", identifier)]
    assert text[hits[0]["start"] : hits[0]["end"]] == found


def test_an_identifier_inside_a_longer_word_does_not_match():
    assert find_identifiers("Jaydenson was mentioned.", ["Jayden"]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lives at CB2 1TN now.", [("postcode", "CB2 1TN")]),
        ("NHS number 943 476 5919.", [("nhs_number", "943 476 5919")]),
        ("NI number AB 12 34 56 C.", [("ni_number", "AB 12 34 56 C")]),
        ("Not an NI number: QQ 12 34 56 C.", []),
        ("Born on 12/03/2015 in Leeds.", [("date", "12/03/2015")]),
        ("Born 3rd March 2015.", [("date", "3rd March 2015")]),
        ("Call 01223 555123 today.", [("phone", "01223 555123")]),
        ("Call +44 7700 900123 today.", [("phone", "+44 7700 900123")]),
        ("Email jo.bloggs@example.org.uk please.", [("email", "jo.bloggs@example.org.uk")]),
        ("The review found 15 learning points in 2020.", []),
    ],
)
def test_personal_data_patterns_are_found(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(("number", "valid"), [("9434765919", True), ("943 476 5919", True), ("9434765918", False), ("123", False)])
def test_nhs_numbers_are_checked_with_their_check_digit(number, valid):
    assert nhs_number_is_valid(number) is valid


def test_a_known_identifier_wins_over_an_overlapping_pattern():
    hits = find_identifiers("Her email is amy@example.org.", ["amy@example.org"])
    assert [(h["kind"], h["matched"]) for h in hits] == [("identifier", "amy@example.org")]
