"""UK dates: a valid day-first date always reads back as itself; month first never wins."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from casereview.tabular import resources as R
from casereview.tabular.dates import DAY, DateError, parse_date

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))

FORMATS = [
    lambda d: f"{d:%d/%m/%Y}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d:%d.%m.%Y}",
    lambda d: f"{d:%d-%m-%Y}",
    lambda d: f"{d:%Y-%m-%d}",
    lambda d: f"{d.day} {d:%B %Y}",
    lambda d: f"{d:%d %b %Y}",
    lambda d: f"{d.day} {d:%b}. {d.year}",
    lambda d: f"  {d:%d/%m/%Y}  ",
]


@given(dates, st.sampled_from(FORMATS))
def test_a_valid_day_first_date_always_reads_back_as_itself(day, form):
    parsed = parse_date(form(day))
    assert (parsed.precision, parsed.earliest, parsed.latest, parsed.time) == (DAY, day, day, None)


@given(st.dates(min_value=dt.date(1900 + R.TWO_DIGIT_YEAR_PIVOT, 1, 1),
                max_value=dt.date(2000 + R.TWO_DIGIT_YEAR_PIVOT - 1, 12, 31)))
def test_a_two_digit_year_reads_back_within_the_hundred_years_around_the_pivot(day):
    # 69..99 are 1969..1999 and 00..68 are 2000..2068 (resources.TWO_DIGIT_YEAR_PIVOT).
    assert parse_date(f"{day:%d/%m/%y}").earliest == day


@given(dates, st.sampled_from(["/", ".", "-"]))
def test_month_first_never_wins(day, separator):
    assume(day.day != day.month)
    month_first = f"{day.month:02d}{separator}{day.day:02d}{separator}{day.year}"
    if day.day > 12:
        # "04/13/2019" has no 13th month: refused, never read as 13 April.
        with pytest.raises(DateError):
            parse_date(month_first)
    else:
        # "04/03/2019" is 4 March, whatever the writer meant.
        parsed = parse_date(month_first)
        assert parsed.earliest == dt.date(day.year, day.day, day.month) != day


@given(dates, st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_a_date_with_a_time_keeps_both(day, time):
    parsed = parse_date(f"{day:%d/%m/%Y} {time:%H:%M}")
    assert (parsed.earliest, parsed.time) == (day, f"{time:%H:%M}")
