"""Header recognition: the common variants are known; anything else needs an explicit mapping."""

from __future__ import annotations

import pytest

from casereview.chronology.engine.headers import MappingError, match_headers, normalise_header, parse_mapping


@pytest.mark.parametrize(
    "header, field",
    [
        ("Date", "date"),
        ("DATE OF CONTACT", "date"),
        ("Event date", "date"),
        ("Date (dd/mm/yyyy)", "date"),
        ("Date/Time", "datetime"),
        ("Date & time", "datetime"),
        ("Time", "time"),
        ("Agency", "agency"),
        ("Organisation", "agency"),
        ("Source", "source"),
        ("Record", "source"),
        ("Source / record", "source"),
        ("Event", "event"),
        ("Details", "event"),
        ("What happened?", "event"),
        ("Action", "action"),
        ("Action taken", "action"),
        ("Action taken (or why not)", "action"),
        ("Outcome", "action"),
        ("Significance", "significance"),
        ("Analysis", "significance"),
        ("Comments", "significance"),
    ],
)
def test_common_headers_and_variants_are_recognised_whatever_the_case_and_punctuation(header, field):
    assert match_headers(["Reference number", header]).columns == {field: 1}


@pytest.mark.parametrize(
    "raw, normalised",
    [("Date/Time", "date time"), ("  What   happened? ", "what happened"), ("Date & Time", "date and time"),
     ("Action taken (or why not)", "action taken"), ("(Date)", "date"), (None, "")],
)
def test_normalising_a_header(raw, normalised):
    assert normalise_header(raw) == normalised


def test_a_file_with_unknown_headers_needs_mapping_and_says_what_it_found():
    match = match_headers(["When", "Notes", "Who"])
    assert not match.ok
    assert match.missing == ("date", "event")
    message = match.problem()
    assert "needs mapping" in message and "'When'" in message and "'Notes'" in message
    assert "date" in message and "event" in message


def test_a_mapping_resolves_unknown_headers():
    match = match_headers(["When", "Notes", "Who"], parse_mapping(["When=date", "Notes=event", "Who=agency"]))
    assert match.ok
    assert match.columns == {"date": 0, "event": 1, "agency": 2}


def test_agency_is_not_a_required_column():
    assert match_headers(["Date", "Event"]).ok


def test_two_columns_that_look_like_the_same_field_are_never_chosen_between_silently():
    match = match_headers(["Date", "Details", "What happened"])
    assert not match.ok
    assert match.ambiguous == {"event": ("Details", "What happened")}


def test_a_mapping_settles_an_ambiguity_by_naming_the_column_to_use():
    match = match_headers(["Date", "Details", "What happened"], {"Details": "event"})
    assert match.ok and match.columns["event"] == 1


def test_ignore_drops_a_column_on_purpose():
    match = match_headers(["Date", "Event", "Analysis", "Comments"], {"Comments": "ignore"})
    assert match.ok and match.columns["significance"] == 2


def test_a_separate_date_and_a_combined_date_time_column_are_ambiguous():
    assert "date" in match_headers(["Date", "Date/Time", "Event"]).ambiguous


def test_mapping_keys_absent_from_a_file_are_a_hint_not_an_error():
    match = match_headers(["Date", "Event"], {"When": "date"})
    assert match.ok and match.unmapped_keys == ("When",)


@pytest.mark.parametrize("item", ["When", "=date", "When=", "When=colour"])
def test_malformed_mappings_are_refused(item):
    with pytest.raises(MappingError):
        parse_mapping([item])
