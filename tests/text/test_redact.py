"""Redaction check: known identifiers and personal-data patterns are found, with their spans."""

from __future__ import annotations

import pytest

from casereview.text.redact import coerce_identifier, find_identifiers, nhs_number_is_valid


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
    ],
)
def test_known_identifiers_match_whatever_the_case_spacing_or_possessive(text, identifier, found):
    hits = find_identifiers(text, [identifier])
    assert [(h["text"], h["kind"], h["matched"], h["severity"]) for h in hits] == [(found, "name", identifier, "block")]
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
    assert [(h["kind"], h["matched"]) for h in hits] == [("other", "amy@example.org")]


# --- Issue 11: every written form of a restricted identifier (the demo review's identifiers) ---

DEMO = [
    ("name", "Jaxon Trelawney-Budd"), ("name", "Freddie Ashworth-Kane"), ("date_of_birth", "30 December 2018"),
    ("address", "14 Fenwick Row, Wisbech PE13 9QX"), ("school", "Hollybank Primary School"),
    ("record_number", "943 476 5919"),
]  # fmt: skip


def found(text: str, identifiers=DEMO, pseudonym: str = "Oliver") -> list[tuple[str, str]]:
    return [(h["kind"], h["text"]) for h in find_identifiers(text, identifiers, pseudonym=pseudonym)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jaxon was seen at home.", [("name", "Jaxon")]),
        ("It was Jaxon's cot.", [("name", "Jaxon's")]),
        ("Jaxons cot was in the lounge.", [("name", "Jaxons")]),
        ("Notes say Trelawney Budd.", [("name", "Trelawney Budd")]),
        ("Notes say Trelawney\u2013Budd.", [("name", "Trelawney\u2013Budd")]),
        ("Notes say TrelawneyBudd.", [("name", "TrelawneyBudd")]),
        ("Referred as J. Trelawney-Budd.", [("name", "J. Trelawney-Budd")]),
        ("Referred as J Trelawney-Budd.", [("name", "J Trelawney-Budd")]),
        ("Referred as Jaxon T. by the GP.", [("name", "Jaxon T.")]),
        ("The Trelawney-Budds owned two dogs.", [("name", "Trelawney-Budds")]),
        ("Budd was the name on the form.", [("name", "Budd")]),
        ("JAXON TRELAWNEY-BUDD was admitted.", [("name", "JAXON TRELAWNEY-BUDD")]),
    ],
)
def test_a_restricted_name_is_found_in_every_written_form(text, expected):
    assert found(text) == expected


def test_the_name_with_a_soft_hyphen_inside_is_found_and_the_hit_points_into_the_original_text():
    text = "Born to the Trelaw\u00adney-Budd family."
    hits = find_identifiers(text, DEMO)
    assert [(h["kind"], h["text"]) for h in hits] == [("name", "Trelaw\u00adney-Budd")]
    assert text[hits[0]["start"] : hits[0]["end"]] == "Trelaw\u00adney-Budd"


def test_a_zero_width_space_and_a_ligature_do_not_hide_a_name_and_offsets_stay_right():
    text = "\ufb01rst seen: Ja\u200bxon, later Jaxon."
    hits = find_identifiers(text, DEMO)
    assert [h["text"] for h in hits] == ["Ja\u200bxon", "Jaxon"]
    assert all(text[h["start"] : h["end"]] == h["text"] for h in hits)


def test_baby_and_the_surname_is_found_when_the_first_name_differs():
    assert found("His brother, Baby Ashworth-Kane, was born later.") == [("name", "Ashworth-Kane")]


@pytest.mark.parametrize("written", ["Jaxen", "Jason", "Jaxom"])
def test_a_misspelt_first_name_one_edit_away_is_found(written):
    assert found(f"{written} was weighed at the clinic.") == [("name", written)]


def test_a_lower_case_word_one_edit_away_from_a_name_is_not_a_hit():
    assert found("The tiler heard crying.", [("name", "Tyler Whitcombe")]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We hope this briefing helps.", []),
        ("There was little hope of change.", []),
        ("His mother, Hope, rang the school.", [("name", "Hope")]),
        ("Mrs Hope Whitcombe attended.", [("name", "Hope Whitcombe")]),
        ("Hope told the worker she was frightened.", [("name", "Hope")]),
    ],
)
def test_a_name_that_is_an_everyday_word_is_a_hit_only_where_written_as_a_name(text, expected):
    assert found(text, [("name", "Hope Whitcombe")]) == expected


@pytest.mark.parametrize("text", ["Hope was expressed that things would improve.", "Grace was worried about the bruising."])
def test_an_everyday_word_name_opening_a_sentence_is_asked_about_not_blocked(text):
    """At a sentence start the gate cannot tell the name from the word, so the editor is asked."""
    word = text.split()[0]
    hits = find_identifiers(text, [("name", f"{word} Whitcombe")], pseudonym="Oliver")
    assert [(h["kind"], h["text"], h["severity"]) for h in hits] == [("name", word, "possible")]


@pytest.mark.parametrize(
    "written", ["Dec 30 2018", "30/12/2018", "30.12.18", "30 December 2018", "30th Dec 2018", "December 30, 2018", "30-12-2018"]
)
def test_the_date_of_birth_is_found_in_every_common_uk_form(written):
    assert found(f"Born {written} in hospital.") == [("date_of_birth", written)]


def test_another_full_date_is_reported_as_a_generic_date_not_as_the_date_of_birth():
    assert found("Seen on 14 January 2019 at home.") == [("date", "14 January 2019")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They lived on Fenwick Row by the river.", [("address", "Fenwick Row")]),
        ("They lived at 14 Fenwick Row by the river.", [("address", "14 Fenwick Row")]),
        ("Police attended PE13 9QX.", [("address", "PE13 9QX")]),
        ("Address: 14 Fenwick Row, Wisbech PE13 9QX.", [("address", "14 Fenwick Row, Wisbech PE13 9QX")]),
    ],
)
def test_an_address_is_found_whole_by_its_street_with_or_without_the_number_and_by_its_postcode(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("written", ["Hollybank Primary", "Hollybank Primary School", "Hollybank"])
def test_a_school_is_found_without_its_generic_tail(written):
    assert found(f"She attended {written} until May.") == [("school", written)]


@pytest.mark.parametrize("written", ["943 476 5919", "9434765919", "943-476-5919"])
def test_a_record_number_is_compared_on_its_digits_whatever_the_spacing(written):
    assert found(f"NHS number {written} was quoted.") == [("record_number", written)]


def test_the_pseudonym_is_never_a_hit_even_with_a_title_or_possessive():
    assert found("Oliver's mother spoke to Baby Oliver's GP.", [("name", "Olivia Smith")]) == []


def test_a_pseudonym_that_the_review_also_restricts_is_still_a_hit():
    assert found("Oliver was 15 days old.", [("name", "Oliver")]) == [("name", "Oliver")]


def test_a_name_written_with_a_title_is_a_possible_name_of_lower_severity():
    hits = find_identifiers("Mrs Jones and Dr Patel met.", DEMO, pseudonym="Oliver")
    assert [(h["text"], h["kind"], h["severity"]) for h in hits] == [
        ("Mrs Jones", "possible_name", "possible"), ("Dr Patel", "possible_name", "possible"),
    ]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Jaxon Trelawney-Budd", "name"), ("30 December 2018", "date_of_birth"), ("30/12/2018", "date_of_birth"),
        ("Hollybank Primary School", "school"), ("14 Fenwick Row, Wisbech PE13 9QX", "address"),
        ("943 476 5919", "record_number"), ("dob: 30.12.18", "date_of_birth"), ("pseudonym: Oliver", "pseudonym"),
    ],
)  # fmt: skip
def test_the_kind_of_a_plain_identifier_line_is_inferred_or_taken_from_its_prefix(line, kind):
    assert coerce_identifier(line).kind == kind
