"""Date and time patterns of the tabular engine, in one place.

Agencies write dates in every form a spreadsheet allows; the parser in
`dates.py` tries these in order and never guesses month first.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_SEP = r"[\s\-/.,]+"

# Ordered: the first pattern that matches decides. ISO comes first so that
# 2019-04-03 is never read day first; every numeric form after it is day first.
DAY_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
DAY_NUMERIC = re.compile(r"^(?P<day>\d{1,2})(?P<sep>[/.\-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})$")
DAY_NAMED = re.compile(
    r"^" + _WEEKDAY + r"(?P<day>\d{1,2})" + _ORDINAL + r"(?:\s+of)?" + _SEP + _MONTH + _SEP + r"(?P<year>\d{4}|\d{2})$",
    re.IGNORECASE,
)
# "April 3rd, 2019": unambiguous because the month is a word, so accepted.
DAY_MONTH_FIRST_NAMED = re.compile(
    r"^" + _WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})" + _ORDINAL + r",?\s+(?P<year>\d{4})$", re.IGNORECASE
)
MONTH_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})$")
MONTH_NUMERIC = re.compile(r"^(?P<month>\d{1,2})[/.\-](?P<year>\d{4})$")
MONTH_NAMED = re.compile(r"^" + _MONTH + r"[\s\-/.,]*(?P<year>\d{4})$", re.IGNORECASE)
# "April 19" / "Apr-19": 19 April or April 2019? Refused rather than guessed.
MONTH_NAMED_SHORT_YEAR = re.compile(r"^" + _MONTH + r"[\s\-/.,]*(?P<year>\d{2})$", re.IGNORECASE)
YEAR_ONLY = re.compile(r"^(?P<year>\d{4})$")
EXCEL_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.\d+)?$")
US_STYLE_HINT = re.compile(r"^(?P<first>\d{1,2})[/.\-](?P<second>\d{1,2})[/.\-](?:\d{4}|\d{2})$")

# Two-digit years follow the POSIX/strptime rule: 69-99 -> 1900s, 00-68 -> 2000s.
TWO_DIGIT_YEAR_PIVOT = 69

# Qualifiers that make a date approximate. Each maps to the part of the period
# it narrows to, as (first month, last month) for a year or (first day, last
# day) for a month; None keeps the whole period ("circa June 2019" is June).
APPROXIMATE_PREFIX = re.compile(
    r"^(?P<qualifier>circa|c\.|c|ca\.|ca|approx\.?|approximately|about|around|roughly|est\.?|estimated"
    r"|early|mid|late|end\s+of|beginning\s+of|start\s+of"
    r"|spring|summer|autumn|fall|winter)(?:[\s\-]+|(?<=\.)\s*)(?:of\s+)?(?P<rest>.+)$",
    re.IGNORECASE,
)
APPROXIMATE_SUFFIX = re.compile(
    r"^(?P<rest>.+?)\s*(?:\?|\((?:approx\.?|approximate|approximately|circa|estimated|est\.?)\)"
    r"|approx\.?|\(\?\))$",
    re.IGNORECASE,
)
# Narrowing qualifiers: within a year they pick months, within a month they pick days.
YEAR_PARTS: dict[str, tuple[int, int]] = {
    "early": (1, 4),
    "beginning of": (1, 3),
    "start of": (1, 3),
    "mid": (5, 8),
    "late": (9, 12),
    "end of": (10, 12),
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    # Winter 2019 is read as December 2019 to February 2020 (the Met Office season).
    "winter": (12, 14),
}
MONTH_PARTS: dict[str, tuple[int, int]] = {
    "early": (1, 10),
    "beginning of": (1, 7),
    "start of": (1, 7),
    "mid": (11, 20),
    "late": (21, 31),
    "end of": (22, 31),
}

# ---------------------------------------------------------------------------
# Times
# ---------------------------------------------------------------------------

TIME_CLOCK = re.compile(
    r"^(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?\s*"
    r"(?P<meridiem>am|pm|a\.m\.|p\.m\.)?\s*(?:hrs|hours|h)?$",
    re.IGNORECASE,
)
TIME_HOUR_MERIDIEM = re.compile(r"^(?P<hour>\d{1,2})\s*(?P<meridiem>am|pm|a\.m\.|p\.m\.)$", re.IGNORECASE)
TIME_MILITARY = re.compile(r"^(?P<hour>\d{2})(?P<minute>\d{2})\s*(?:hrs|hours|h)$", re.IGNORECASE)
TIME_WORDS: dict[str, str] = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}
# A time at the end of a combined Date/Time value: "03/04/2019 14:30", "3 April 2019, 2.30pm".
TRAILING_TIME = re.compile(
    r"^(?P<date>.+?)(?:[\sT,]+|\s+at\s+)(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?\s*(?:hrs|hours|h)?"
    r"|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)|\d{4}\s*(?:hrs|hours|h)|noon|midday|midnight)$",
    re.IGNORECASE,
)

# Excel counts days from 30 December 1899 (the 1900 leap-year bug is absorbed by the offset).
EXCEL_EPOCH_ORDINAL = 693594  # datetime.date(1899, 12, 30).toordinal()
# Integer cells in this range are years typed into a date column ("2019"), not
# serial numbers (which would be 1902-1908, long before any chronology).
YEAR_CELL_RANGE = (1000, 2999)
EXCEL_SERIAL_RANGE = (1, 2958465)  # 1 Jan 1900 .. 31 Dec 9999

