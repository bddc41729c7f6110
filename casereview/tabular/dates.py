"""UK dates and times as agencies write them: always day first, never guessed.

Parsing tries an ordered list of explicit patterns (resources.py): ISO first,
then day-first numeric forms, then forms with the month as a word. Nothing is
filled in from today and no library heuristics are used, so "03/04/2019" is
3 April 2019 in every file, cell and browser.

Every date keeps its raw value and a precision:

- day          3 April 2019
- month        April 2019
- year         2019
- approximate  circa June 2019, early 2019, summer 2018, June 2019?

and the period it could fall in (`earliest`..`latest`), which the merge uses so
that an imprecise date never manufactures a gap in contact.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from casereview.tabular import resources as R

DAY = "day"
MONTH = "month"
YEAR = "year"
APPROXIMATE = "approximate"
PRECISIONS: tuple[str, ...] = (DAY, MONTH, YEAR, APPROXIMATE)

# Sorting rule: entries sort by the first day they could fall on; among entries
# starting on the same day the coarser or less certain one comes first (a year,
# then a month, then an approximate date, then exact days), so "April 2019" heads
# April and "2019" heads the year. On the same day, timed entries come first in
# time order and untimed ones after them: an entry with no time is not "midnight",
# and putting it first made a later strategy discussion read as if it came before
# the 08:52 call that caused it.
PRECISION_RANK: dict[str, int] = {YEAR: 0, MONTH: 1, APPROXIMATE: 2, DAY: 3}


class DateError(ValueError):
    """A value that is not a date (or time) this engine will accept; the message says why."""


@dataclass(frozen=True, slots=True)
class ParsedDate:
    raw: str
    precision: str
    earliest: dt.date
    latest: dt.date
    time: str | None = None  # "HH:MM"

    @property
    def date(self) -> dt.date:
        """The date shown and exported: the first day of the period."""
        return self.earliest

    @property
    def order(self) -> tuple[int, int, bool, str]:
        """The sort rule as a tuple (cheaper than `sort_key` when sorting in memory; same order)."""
        return (self.earliest.toordinal(), PRECISION_RANK[self.precision], self.time is None, self.time or "")

    @property
    def sort_key(self) -> str:
        return sort_key(self.earliest, self.precision, self.time)

    def label(self) -> str:
        """How a reviewer reads it back: exact days in UK form, imprecise dates as written."""
        if self.precision == DAY:
            return self.earliest.strftime("%d/%m/%Y")
        if self.precision == MONTH:
            return self.earliest.strftime("%B %Y")
        if self.precision == YEAR:
            return str(self.earliest.year)
        return self.raw


def sort_key(earliest: dt.date, precision: str, time: str | None) -> str:
    """A string that sorts entries by the rule above; stored and indexed by the app.

    Layout: YYYYMMDD, precision rank, then "0HHMM" for a time or "1" for no time.
    (Stored keys were rewritten by chronology migration 0003 when this changed.)
    """
    timed = "1" if time is None else "0" + time.replace(":", "")
    return f"{earliest:%Y%m%d}{PRECISION_RANK[precision]}{timed}"


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        return 1900 + year if year >= R.TWO_DIGIT_YEAR_PIVOT else 2000 + year
    return year


def _day(raw: str, year: int, month: int, day: int) -> ParsedDate:
    if not 1 <= month <= 12:
        raise DateError(f"month {month} does not exist (dates are read day first: dd/mm/yyyy)")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(f"{day} {calendar.month_name[month]} {year} is not a real date ({calendar.month_name[month]} {year} has {last} days)")
    when = dt.date(year, month, day)
    return ParsedDate(raw=raw, precision=DAY, earliest=when, latest=when)


def _month(raw: str, year: int, month: int) -> ParsedDate:
    if not 1 <= month <= 12:
        raise DateError(f"month {month} does not exist")
    last = calendar.monthrange(year, month)[1]
    return ParsedDate(raw=raw, precision=MONTH, earliest=dt.date(year, month, 1), latest=dt.date(year, month, last))


def _whole_year(raw: str, year: int) -> ParsedDate:
    return ParsedDate(raw=raw, precision=YEAR, earliest=dt.date(year, 1, 1), latest=dt.date(year, 12, 31))


def _month_number(name: str) -> int:
    return R.MONTHS[name.lower().rstrip(".")]


def _parse_exact(text: str, raw: str) -> ParsedDate:
    """Parse a date with no approximate qualifier, trying the patterns in order."""
    if m := R.DAY_ISO.match(text):
        return _day(raw, int(m["year"]), int(m["month"]), int(m["day"]))
    if m := R.DAY_NUMERIC.match(text):
        return _day(raw, _year(m["year"]), int(m["month"]), int(m["day"]))
    if m := R.DAY_NAMED.match(text):
        return _day(raw, _year(m["year"]), _month_number(m["month"]), int(m["day"]))
    if m := R.DAY_MONTH_FIRST_NAMED.match(text):
        return _day(raw, int(m["year"]), _month_number(m["month"]), int(m["day"]))
    if m := R.MONTH_ISO.match(text):
        return _month(raw, int(m["year"]), int(m["month"]))
    if m := R.MONTH_NUMERIC.match(text):
        return _month(raw, int(m["year"]), int(m["month"]))
    if m := R.MONTH_NAMED.match(text):
        return _month(raw, int(m["year"]), _month_number(m["month"]))
    if m := R.YEAR_ONLY.match(text):
        return _whole_year(raw, int(m["year"]))
    if m := R.MONTH_NAMED_SHORT_YEAR.match(text):
        month = calendar.month_name[_month_number(m["month"])]
        raise DateError(f"'{text}' could be {int(m['year'])} {month} or {month} of a year; write the year in full")
    if R.EXCEL_SERIAL_TEXT.match(text):
        raise DateError("looks like an Excel date number saved as text; format the column as a date")
    raise DateError("not a date in a form we read (day first, e.g. 03/04/2019, 3 April 2019, April 2019, 2019)")


def _approximate(raw: str, qualifier: str, inner: ParsedDate) -> ParsedDate:
    q = re.sub(r"\s+", " ", qualifier.lower())
    earliest, latest = inner.earliest, inner.latest
    if q in R.YEAR_PARTS and inner.precision == YEAR:
        first, last = R.YEAR_PARTS[q]
        year = inner.earliest.year
        earliest = dt.date(year, first, 1)
        end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
        latest = dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    elif q in R.MONTH_PARTS and inner.precision == MONTH:
        first, last = R.MONTH_PARTS[q]
        month_end = inner.latest.day
        earliest = inner.earliest.replace(day=first)
        latest = inner.earliest.replace(day=min(last, month_end))
    elif q in R.YEAR_PARTS:
        # "summer 3 June 2019", "early 3 June 2019": a narrowing word needs a period to narrow.
        raise DateError(f"'{qualifier}' needs a month or a year after it, e.g. '{qualifier} 2019'")
    return ParsedDate(raw=raw, precision=APPROXIMATE, earliest=earliest, latest=latest, time=inner.time)


def _parse_text(raw: str) -> ParsedDate:
    text = re.sub(r"\s+", " ", raw.strip())
    if not text:
        raise DateError("date is empty")
    if m := R.APPROXIMATE_PREFIX.match(text):
        return _approximate(raw, m["qualifier"], _parse_exact(m["rest"].strip(), raw))
    if m := R.APPROXIMATE_SUFFIX.match(text):
        return _approximate(raw, "circa", _parse_exact(m["rest"].strip(), raw))
    return _parse_exact(text, raw)


def _from_excel_serial(number: float, raw: str) -> ParsedDate:
    low, high = R.EXCEL_SERIAL_RANGE
    if not low <= number <= high:
        raise DateError(f"{raw} is not a date (not an Excel date number either)")
    days = int(number)
    when = dt.date.fromordinal(R.EXCEL_EPOCH_ORDINAL + days)
    minutes = round((number - days) * 24 * 60)
    time = None if minutes == 0 or minutes >= 24 * 60 else f"{minutes // 60:02d}:{minutes % 60:02d}"
    return ParsedDate(raw=raw, precision=DAY, earliest=when, latest=when, time=time)


def parse_date(value: Any) -> ParsedDate:
    """Read a date cell: text, an Excel date/datetime cell, or an Excel serial number.

    A time inside the value ("03/04/2019 14:30", an Excel datetime) is kept;
    an Excel datetime at exactly midnight is read as a date with no time,
    because that is how Excel stores a date-only cell.
    """
    if value is None:
        raise DateError("date is empty")
    if isinstance(value, dt.datetime):
        time = None if value.time() == dt.time(0, 0) else f"{value:%H:%M}"
        return ParsedDate(raw=value.isoformat(sep=" "), precision=DAY, earliest=value.date(), latest=value.date(), time=time)
    if isinstance(value, dt.date):
        return ParsedDate(raw=value.isoformat(), precision=DAY, earliest=value, latest=value)
    if isinstance(value, dt.time):
        raise DateError("a time with no date")
    if isinstance(value, bool):
        raise DateError(f"{value} is not a date")
    if isinstance(value, int | float):
        raw = str(value)
        low, high = R.YEAR_CELL_RANGE
        if float(value).is_integer() and low <= value <= high:
            return _whole_year(raw, int(value))
        return _from_excel_serial(float(value), raw)
    text = str(value)
    stripped = re.sub(r"\s+", " ", text.strip())
    if m := R.TRAILING_TIME.match(stripped):
        try:
            date_part = _parse_text(m["date"])
        except DateError:
            date_part = None
        if date_part is not None:
            time = parse_time(m["time"])
            return ParsedDate(
                raw=text.strip(),
                precision=date_part.precision,
                earliest=date_part.earliest,
                latest=date_part.latest,
                time=time,
            )
    return _parse_text(text)


# ---------------------------------------------------------------------------
# Times
# ---------------------------------------------------------------------------


def _clock(hour: int, minute: int, meridiem: str | None, raw: str) -> str:
    if meridiem:
        if not 1 <= hour <= 12:
            raise DateError(f"'{raw}' is not a time (hour {hour} with {meridiem})")
        pm = meridiem.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise DateError(f"'{raw}' is not a time")
    return f"{hour:02d}:{minute:02d}"


def parse_time(value: Any) -> str | None:
    """Read a time cell as "HH:MM"; empty is None (time is optional)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return f"{value:%H:%M}"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, bool):
        raise DateError(f"{value} is not a time")
    if isinstance(value, int | float):
        # Excel stores a time-only cell as a fraction of a day.
        if 0 <= value < 1:
            minutes = round(value * 24 * 60)
            if minutes >= 24 * 60:
                minutes = 24 * 60 - 1
            return f"{minutes // 60:02d}:{minutes % 60:02d}"
        raise DateError(f"{value} is not a time")
    text = str(value).strip()
    if not text:
        return None
    lowered = text.lower()
    if lowered in R.TIME_WORDS:
        return R.TIME_WORDS[lowered]
    if m := R.TIME_CLOCK.match(text):
        return _clock(int(m["hour"]), int(m["minute"]), m["meridiem"], text)
    if m := R.TIME_HOUR_MERIDIEM.match(text):
        return _clock(int(m["hour"]), 0, m["meridiem"], text)
    if m := R.TIME_MILITARY.match(text):
        return _clock(int(m["hour"]), int(m["minute"]), None, text)
    raise DateError(f"'{text}' is not a time (write 14:30 or 2.30pm)")
