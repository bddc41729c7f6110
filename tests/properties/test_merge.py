"""The integrated chronology: no entry lost, date order, ties kept in file then row order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from casereview.chronology.engine.imports import Entry
from casereview.chronology.engine.merge import merge
from casereview.tabular.dates import parse_date

# Few distinct dates, so ties (same day, same month, same time) are common.
DATES = ["03/04/2019", "3 April 2019", "April 2019", "2019", "circa April 2019", "03/04/2019 09:30",
         "04/04/2019", "early 2019", "01/05/2019 14:00", "30/06/2018", "June 2018"]
AGENCIES = ["Police", "Health visiting", "CSC", "School"]
EVENTS = ["Home visit", "Strategy discussion with police and health", "Missed appointment", "Referral received",
          "Joint visit to the home", "Letter sent to mother"]


@st.composite
def files(draw):
    """Several agencies' files, each a list of rows in row order."""
    out = []
    for number in range(draw(st.integers(1, 4))):
        agency = draw(st.sampled_from(AGENCIES))
        rows = draw(st.lists(st.tuples(st.sampled_from(DATES), st.sampled_from(EVENTS)), max_size=12))
        out.append([Entry(parse_date(d), agency, "", event, "", "", f"file{number}.csv", row)
                    for row, (d, event) in enumerate(rows, start=2)])
    return out


@given(files())
def test_no_entry_is_lost_or_added(given_files):
    entries = [e for f in given_files for e in f]
    merged = merge(entries)
    assert sorted(map(id, merged.entries)) == sorted(map(id, entries))
    assert len(merged.intervals) == len(entries)


@given(files())
def test_entries_come_in_date_order_and_ties_keep_file_then_row_order(given_files):
    entries = [e for f in given_files for e in f]
    position = {id(e): i for i, e in enumerate(entries)}
    merged = merge(entries).entries
    for earlier, later in zip(merged, merged[1:], strict=False):
        assert earlier.date.order <= later.date.order
        if earlier.date.order == later.date.order:
            assert position[id(earlier)] < position[id(later)]


@given(files())
def test_possible_duplicates_only_pair_two_agencies_and_never_remove_anything(given_files):
    entries = [e for f in given_files for e in f]
    merged = merge(entries)
    for i, j in merged.possible_duplicates:
        assert 0 <= i < j < len(merged.entries)
        assert merged.entries[i].agency != merged.entries[j].agency
        assert abs((merged.entries[i].date.earliest - merged.entries[j].date.earliest).days) <= 1
    assert len(merged.entries) == len(entries)


@given(files())
def test_gaps_never_cover_a_day_an_entry_may_fall_on(given_files):
    entries = [e for f in given_files for e in f]
    merged = merge(entries, gap_days=10)
    for gap in merged.gaps:
        assert gap.days > 10
        for e in entries:  # every entry's whole period lies on one side of the gap
            assert e.date.latest <= gap.start or e.date.earliest >= gap.end, (gap, e.date)
