"""A small reader for dates written the UK way, so dates can be compared as dates.

Numbers are day first ("30/12/2018", "30.12.18", "30-12-2018"); a month written as a
word may come first ("December 30, 2018", "Dec 30 2018"); ISO "2018-12-30" is read
too. Two-digit years below 50 are 20xx, the rest 19xx.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|'\d{2})"

DATE_FORMS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<![\w/.-])(?P<day>\d{1,2})(?P<sep>[/.-])(?P<mnum>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![\w/-]|\.\d)"),
    re.compile(rf"(?<![\w/.-]){_DAY}(?:\s+of)?[\s-]+{_MONTH},?[\s-]+{_YEAR}(?![\w/-])", re.I),
    re.compile(rf"(?<![\w/.-]){_MONTH}\s+{_DAY},?\s+{_YEAR}(?![\w/-])", re.I),
    re.compile(r"(?<![\w/.-])(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})(?![\w/-])"),
)


def _year(text: str) -> int:
    digits = text.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    return 2000 + int(digits) if int(digits) < 50 else 1900 + int(digits)


def _to_date(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower()]
    try:
        return dt.date(_year(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """Every full date in the text: (start, end, date), longest reading first where two overlap."""
    found: list[tuple[int, int, dt.date]] = []
    for form in DATE_FORMS:
        for match in form.finditer(text):
            value = _to_date(match)
            if value is None:
                continue
            start, end = match.span()
            if all(end <= s or start >= e for s, e, _ in found):
                found.append((start, end, value))
    return sorted(found)


def parse_date(text: str) -> dt.date | None:
    """The date when the whole text is one date in a form find_dates reads, else None."""
    stripped = text.strip()
    for start, end, value in find_dates(stripped):
        if start == 0 and end == len(stripped):
            return value
    return None
