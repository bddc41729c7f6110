"""The integrated chronology: order, intervals, gaps, possible duplicates and the child's age."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from rapidfuzz import fuzz

from casereview.chronology.engine.imports import Entry, import_file
from casereview.chronology.engine.merge import (
    age_at,
    comparison_key,
    find_gaps,
    find_possible_duplicates,
    merge,
    order_entries,
)
from casereview.tabular.dates import parse_date

D = dt.date


def entry(date, event="Home visit", agency="Police", row=2, file="police.csv") -> Entry:
    return Entry(parse_date(date), agency, "", event, "", "", file, row)


def test_four_agencies_merge_into_one_date_order_with_ties_kept_in_file_then_row_order(agency_files):
    entries = []
    for key in ("police", "health", "social_care", "school"):
        entries += import_file(agency_files[key], agency=key).entries
    merged = merge(entries)
    dates = [(e.date.date, e.date.precision, e.agency) for e in merged.entries]
    assert dates[:5] == [
        (D(2019, 3, 18), "day", "health"),
        (D(2019, 4, 1), "month", "health"),  # April 2019 heads April
        (D(2019, 4, 3), "day", "police"),
        (D(2019, 4, 4), "day", "social_care"),
        (D(2019, 4, 5), "day", "police"),  # 09:15
    ]
    # Same day: 09:15, then 14:30, then the entry with no time recorded.
    assert [(e.agency, e.date.time) for e in merged.entries[4:7]] == [
        ("police", "09:15"), ("health", "14:30"), ("social_care", None)]
    assert len(merged.entries) == len(entries)


def test_ties_keep_input_order():
    a, b, c = entry("03/04/2019", row=5), entry("03/04/2019", row=2, file="z.csv"), entry("03/04/2019", row=9)
    assert order_entries([a, b, c]) == [a, b, c]


def test_intervals_are_days_since_the_previous_entry():
    merged = merge([entry("01/04/2019"), entry("03/04/2019"), entry("03/04/2019"), entry("13/04/2019")])
    assert merged.intervals == [None, 2, 0, 10]


@pytest.mark.parametrize(
    "dates, gap_days, expected",
    [
        (["01/01/2019", "15/01/2019", "01/03/2019"], 28, [(D(2019, 1, 15), D(2019, 3, 1), 45)]),
        (["01/01/2019", "29/01/2019"], 28, []),  # exactly 28 days is not longer than 28
        (["01/01/2019", "30/01/2019"], 28, [(D(2019, 1, 1), D(2019, 1, 30), 29)]),
        (["15/01/2019", "February 2019", "15/03/2019"], 28, []),  # February covers the whole month
        (["01/01/2019", "2019", "30/06/2019"], 28, []),
        (["01/01/2019", "15/01/2019", "01/03/2019"], 60, []),
    ],
)
def test_gaps_are_stretches_without_contact_longer_than_the_limit(dates, gap_days, expected):
    gaps = find_gaps(order_entries([entry(d) for d in dates]), gap_days=gap_days)
    assert [(g.start, g.end, g.days) for g in gaps] == expected


def test_the_same_event_told_by_two_agencies_on_adjacent_days_is_a_possible_duplicate():
    merged = merge(
        [
            entry("05/04/2019", "Strategy discussion held with police and health", "Social care"),
            entry("05/04/2019", "Strategy discussion held with children's social care and health", "Police"),
            entry("06/04/2019", "Strategy discusion held with polise and health", "Health"),
            entry("05/04/2019", "Child seen at school, happy and settled", "School"),
        ]
    )
    # Each agency names the others; with agency mentions masked, the typos remain, and
    # the three tellings of one strategy discussion pair up. The school entry stays alone.
    assert merged.possible_duplicates == [(0, 1), (0, 3), (1, 3)]
    assert len(merged.entries) == 4  # flagged, never removed


def test_a_short_note_is_not_a_duplicate_of_every_longer_note_containing_its_words():
    merged = merge(
        [
            entry("05/04/2019", "Home visit", "Health"),
            entry("05/04/2019", "Home visit by social worker: mother not in, card left", "Social care"),
        ]
    )
    assert merged.possible_duplicates == []


@pytest.mark.parametrize(
    "first, second",
    [
        (("05/04/2019", "Police"), ("05/04/2019", "Police")),  # same agency
        (("05/04/2019", "Police"), ("07/04/2019", "Health")),  # two days apart
        (("April 2019", "Police"), ("05/04/2019", "Health")),  # not dated to the day
    ],
)
def test_no_duplicate_within_one_agency_further_apart_than_a_day_or_without_a_day(first, second):
    text = "Strategy discussion held with police and health"
    merged = merge([entry(first[0], text, first[1]), entry(second[0], text, second[1])])
    assert merged.possible_duplicates == []


def test_duplicate_finding_gives_exactly_the_pairs_that_scoring_every_pair_would():
    rng = random.Random(4)
    words = "home visit mother child seen police health strategy meeting school referral bruise arm hungry letter".split()
    texts = [" ".join(rng.choice(words) for _ in range(rng.randrange(1, 9))) for _ in range(60)]
    texts += ["Strategy discusion held", "Strategy discussion held with police", "vist hom", "visit home mother"]
    entries = [
        entry(D(2019, 5, rng.randrange(1, 6)), rng.choice(texts), rng.choice(["Police", "Health", "School"]), row=i)
        for i in range(300)
    ]
    ordered = order_entries(entries)
    expected = {
        (i, j)
        for i in range(len(ordered))
        for j in range(i + 1, len(ordered))
        if ordered[i].agency != ordered[j].agency
        and abs((ordered[i].date.date - ordered[j].date.date).days) <= 1
        and fuzz.ratio(comparison_key(ordered[i].event), comparison_key(ordered[j].event)) >= 85
    }
    found = find_possible_duplicates(ordered)
    assert expected and set(found) == expected


def test_merge_json_has_the_fields_design_md_specifies(agency_files):
    result = import_file(agency_files["police"], agency="Police")
    document = merge(result.entries, gap_days=28).as_json()
    assert set(document) == {"entries", "possible_duplicates", "gaps"}
    assert document["entries"][0] == {
        "date": "2019-04-03",
        "date_precision": "day",
        "time": "22:40",
        "agency": "Police",
        "source": "STORM log 1234",
        "event": "Police called to domestic incident at family home; Oliver present",
        "action": "DASH risk assessment completed, graded medium",
        "significance": "First police call-out to the address",
        "file": str(agency_files["police"]),
        "row": 2,
    }
    assert document["gaps"] == [{"from": "2019-04-05", "to": "2019-06-30", "days": 86}]


BORN = D(2018, 11, 20)


@pytest.mark.parametrize(
    "on, precision, age",
    [
        (D(2018, 11, 20), "day", "0 days"),
        (D(2018, 11, 21), "day", "1 day"),
        (D(2018, 12, 3), "day", "13 days"),
        (D(2018, 12, 11), "day", "3 weeks"),
        (D(2019, 2, 18), "day", "12 weeks"),
        (D(2019, 2, 20), "day", "3 months"),
        (D(2019, 11, 19), "day", "11 months"),
        (D(2019, 11, 20), "day", "1 year"),
        (D(2021, 3, 25), "day", "2 years 4 months"),
        (D(2018, 10, 1), "day", "before birth"),
        (D(2019, 4, 1), "month", "about 4 months"),
        (D(2018, 11, 1), "month", "month of birth"),
        (D(2018, 9, 1), "month", "before birth"),
        (D(2021, 1, 1), "year", "about 2 years"),
        (D(2017, 1, 1), "year", "before birth"),
        (D(2019, 6, 1), "approximate", "about 6 months"),
    ],
)
def test_age_at_an_event_is_shown_as_an_age_never_as_a_date_of_birth(on, precision, age):
    assert age_at(BORN, on, precision) == age
