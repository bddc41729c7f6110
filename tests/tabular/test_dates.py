"""UK dates: always day first, explicit formats only, precision and raw value kept."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.tabular.dates import DateError, parse_date, parse_time, sort_key

D = dt.date


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("03/04/2019", D(2019, 4, 3)),
        ("3/4/2019", D(2019, 4, 3)),
        ("03/04/19", D(2019, 4, 3)),
        ("03.04.19", D(2019, 4, 3)),
        ("03.04.2019", D(2019, 4, 3)),
        ("3-4-2019", D(2019, 4, 3)),
        ("2019-04-03", D(2019, 4, 3)),
        ("3 April 2019", D(2019, 4, 3)),
        ("3rd April 2019", D(2019, 4, 3)),
        ("1st May 2019", D(2019, 5, 1)),
        ("22nd Feb 2020", D(2020, 2, 22)),
        ("3rd of April 2019", D(2019, 4, 3)),
        ("Wednesday 3rd April 2019", D(2019, 4, 3)),
        ("03-Apr-2019", D(2019, 4, 3)),
        ("3 Sept 2019", D(2019, 9, 3)),
        ("April 3rd, 2019", D(2019, 4, 3)),
        ("31/12/99", D(1999, 12, 31)),
        ("29/02/2020", D(2020, 2, 29)),
    ],
)
def test_day_first_text_dates_are_read_as_that_day(raw, expected):
    parsed = parse_date(raw)
    assert (parsed.date, parsed.precision, parsed.raw) == (expected, "day", raw)


def test_03_04_2019_is_the_third_of_april():
    assert parse_date("03/04/2019").date == D(2019, 4, 3)


def test_iso_dates_are_never_read_day_first():
    assert parse_date("2024-11-06").date == D(2024, 11, 6)


@pytest.mark.parametrize(
    "cell, expected_date, expected_time",
    [
        (dt.datetime(2019, 4, 3, 0, 0), D(2019, 4, 3), None),
        (dt.datetime(2019, 4, 3, 14, 30), D(2019, 4, 3), "14:30"),
        (D(2019, 4, 3), D(2019, 4, 3), None),
        (43558, D(2019, 4, 3), None),
        (43558.6041666667, D(2019, 4, 3), "14:30"),
    ],
)
def test_excel_date_cells_and_serial_numbers_are_read(cell, expected_date, expected_time):
    parsed = parse_date(cell)
    assert (parsed.date, parsed.precision, parsed.time) == (expected_date, "day", expected_time)


@pytest.mark.parametrize(
    "raw, precision, earliest, latest",
    [
        ("April 2019", "month", D(2019, 4, 1), D(2019, 4, 30)),
        ("Apr 2019", "month", D(2019, 4, 1), D(2019, 4, 30)),
        ("04/2019", "month", D(2019, 4, 1), D(2019, 4, 30)),
        ("2019-04", "month", D(2019, 4, 1), D(2019, 4, 30)),
        ("2019", "year", D(2019, 1, 1), D(2019, 12, 31)),
        (2019, "year", D(2019, 1, 1), D(2019, 12, 31)),
        ("circa June 2019", "approximate", D(2019, 6, 1), D(2019, 6, 30)),
        ("c. 2019", "approximate", D(2019, 1, 1), D(2019, 12, 31)),
        ("c.2019", "approximate", D(2019, 1, 1), D(2019, 12, 31)),
        ("approx. 3 June 2019", "approximate", D(2019, 6, 3), D(2019, 6, 3)),
        ("June 2019?", "approximate", D(2019, 6, 1), D(2019, 6, 30)),
        ("early 2019", "approximate", D(2019, 1, 1), D(2019, 4, 30)),
        ("mid-2019", "approximate", D(2019, 5, 1), D(2019, 8, 31)),
        ("late June 2019", "approximate", D(2019, 6, 21), D(2019, 6, 30)),
        ("summer 2018", "approximate", D(2018, 6, 1), D(2018, 8, 31)),
        ("winter 2019", "approximate", D(2019, 12, 1), D(2020, 2, 29)),
    ],
)
def test_partial_and_uncertain_dates_keep_their_precision_and_period(raw, precision, earliest, latest):
    parsed = parse_date(raw)
    assert (parsed.precision, parsed.earliest, parsed.latest) == (precision, earliest, latest)
    assert parsed.raw == str(raw)


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("31/02/2019", "not a real date"),
        ("29/02/2019", "not a real date"),
        ("04/23/2019", "month 23 does not exist"),
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("yesterday", "not a date in a form we read"),
        ("Apr 19", "write the year in full"),
        ("43558", "Excel date number saved as text"),
        ("early 3 June 2019", "needs a month or a year"),
        (dt.time(14, 30), "a time with no date"),
        (-5, "not a date"),
    ],
)
def test_impossible_empty_or_ambiguous_dates_are_errors_that_say_why(raw, reason):
    with pytest.raises(DateError, match=reason):
        parse_date(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("03/04/2019 14:30", ("14:30", D(2019, 4, 3))),
        ("03/04/2019 2.30pm", ("14:30", D(2019, 4, 3))),
        ("3 April 2019, 9am", ("09:00", D(2019, 4, 3))),
        ("2019-04-03T22:40:00", ("22:40", D(2019, 4, 3))),
        ("03/04/2019 at 1430hrs", ("14:30", D(2019, 4, 3))),
    ],
)
def test_a_combined_date_and_time_gives_both(raw, expected):
    parsed = parse_date(raw)
    assert (parsed.time, parsed.date) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("14:30", "14:30"),
        ("14.30", "14:30"),
        ("2.30pm", "14:30"),
        ("2:30 PM", "14:30"),
        ("2pm", "14:00"),
        ("12am", "00:00"),
        ("12pm", "12:00"),
        ("1430hrs", "14:30"),
        ("noon", "12:00"),
        ("", None),
        (None, None),
        (dt.time(9, 5), "09:05"),
        (0.5, "12:00"),
    ],
)
def test_times_are_read_as_24_hour_clock(raw, expected):
    assert parse_time(raw) == expected


@pytest.mark.parametrize("raw", ["25:00", "14:30pm", "half two", "13pm"])
def test_impossible_times_are_errors(raw):
    with pytest.raises(DateError):
        parse_time(raw)


def test_sort_key_puts_a_year_then_a_month_then_approximate_then_days_of_the_same_start_timed_before_untimed():
    keys = {
        raw: parse_date(raw).sort_key
        for raw in ["01/04/2019", "April 2019", "2019", "circa April 2019", "01/04/2019 09:00", "January 2019"]
    }
    assert sorted(keys, key=keys.get) == [
        "2019",
        "January 2019",
        "April 2019",
        "circa April 2019",
        "01/04/2019 09:00",
        "01/04/2019",
    ]


def test_sort_key_string_and_in_memory_order_agree():
    values = ["2019", "March 2019", "c. March 2019", "02/03/2019", "02/03/2019 08:00", "02/03/2019 17:45", "31/12/2018"]
    parsed = [parse_date(v) for v in values]
    assert sorted(parsed, key=lambda p: p.sort_key) == sorted(parsed, key=lambda p: p.order)
    assert sort_key(D(2019, 3, 2), "day", "08:00") == "20190302300800"
    assert sort_key(D(2019, 3, 2), "day", None) == "2019030231"  # after every timed entry of the day
    assert sort_key(D(2019, 3, 1), "month", None) == "2019030111"
