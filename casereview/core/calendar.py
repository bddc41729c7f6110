"""Working days, bank holidays and statutory deadlines: pure functions.

Counting rule (DESIGN.md): the start day is day 0 and the due date is the Nth
working day after it. Working days exclude Saturdays, Sundays and the bank
holidays of the chosen nation, computed offline by the `holidays` package
(substitute days included, e.g. 28 December 2026).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

CALENDARS: dict[str, str] = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}
DEFAULT_CALENDAR = "england-and-wales"

NOTIFICATION_WORKING_DAYS = 5
RAPID_REVIEW_WORKING_DAYS = 15
DEFAULT_LCSPR_MONTHS = 6


class UnknownCalendar(ValueError):
    pass


@lru_cache(maxsize=64)
def _holidays_for_year(calendar: str, year: int) -> frozenset[dt.date]:
    try:
        subdiv = CALENDARS[calendar]
    except KeyError:
        raise UnknownCalendar(f"unknown calendar {calendar!r}: choose one of {', '.join(CALENDARS)}") from None
    return frozenset(holidays.country_holidays("GB", subdiv=subdiv, years=[year]).keys())


def bank_holidays(year: int, calendar: str = DEFAULT_CALENDAR) -> dict[dt.date, str]:
    """Bank holidays of one year, with their names, for display."""
    subdiv = CALENDARS.get(calendar)
    if subdiv is None:
        raise UnknownCalendar(f"unknown calendar {calendar!r}: choose one of {', '.join(CALENDARS)}")
    return dict(sorted(holidays.country_holidays("GB", subdiv=subdiv, years=[year]).items()))


def is_working_day(day: dt.date, calendar: str = DEFAULT_CALENDAR) -> bool:
    return day.weekday() < 5 and day not in _holidays_for_year(calendar, day.year)


def add_working_days(start: dt.date, n: int, calendar: str = DEFAULT_CALENDAR) -> dt.date:
    """The Nth working day after `start` (start is day 0, whatever day it is)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    counted = 0
    while counted < n:
        day += dt.timedelta(days=1)
        if is_working_day(day, calendar):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date, calendar: str = DEFAULT_CALENDAR) -> int:
    """Working days after `start` up to and including `end`; negative when end is before start."""
    if end < start:
        return -working_days_between(end, start, calendar)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, calendar):
            count += 1
    return count


def add_months(start: dt.date, months: int) -> dt.date:
    """Calendar months later, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last = _stdlib_calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last))


@dataclass(frozen=True)
class StatutoryDeadlines:
    notification_due: dt.date | None
    rapid_review_due: dt.date | None
    lcspr_due: dt.date | None

    def as_json(self) -> dict[str, str | None]:
        return {
            "notification_due": self.notification_due.isoformat() if self.notification_due else None,
            "rapid_review_due": self.rapid_review_due.isoformat() if self.rapid_review_due else None,
            "lcspr_due": self.lcspr_due.isoformat() if self.lcspr_due else None,
        }


def statutory_deadlines(
    *,
    aware: dt.date | None,
    notified: dt.date | None = None,
    decided: dt.date | None = None,
    calendar: str = DEFAULT_CALENDAR,
    lcspr_months: int = DEFAULT_LCSPR_MONTHS,
) -> StatutoryDeadlines:
    """Notification due 5 working days after awareness; rapid review 15 working days
    after the notification (or after the notification due date when not yet notified);
    LCSPR target `lcspr_months` calendar months after the decision."""
    notification_due = add_working_days(aware, NOTIFICATION_WORKING_DAYS, calendar) if aware else None
    rapid_base = notified or notification_due
    rapid_review_due = add_working_days(rapid_base, RAPID_REVIEW_WORKING_DAYS, calendar) if rapid_base else None
    lcspr_due = add_months(decided, lcspr_months) if decided else None
    return StatutoryDeadlines(notification_due, rapid_review_due, lcspr_due)
