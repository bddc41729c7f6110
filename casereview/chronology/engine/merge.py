"""The integrated chronology: every agency's entries in one order, with what stands out.

- Order: by `ParsedDate.sort_key` (first possible day; coarser precision first
  on the same day; timed entries in time order, then untimed ones), stable, so entries that
  tie keep file order and then row order.
- Interval: whole days from the previous entry's date (the first day of its
  period when imprecise); None for the first entry.
- Gaps: stretches with no contact longer than `gap_days`. An imprecise entry
  counts as contact over its whole period ("April 2019" covers all of April), so
  a gap is never reported where an imprecise entry may have filled it.
- Possible duplicates: two entries from different agencies, both dated to the
  day, on the same or adjacent days (`window_days`), whose event texts score at
  least `threshold` with rapidfuzz's token_sort_ratio once words naming agencies are
  left out (each agency names the others when recording a joint event). Same-agency pairs are left
  alone: repeated entries within one agency's record are that agency's facts,
  whereas the point here is one event told by two agencies (a joint visit, a
  strategy discussion). Comparisons are windowed by day, never all pairs. Pairs
  are only flagged; nothing is removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process, utils

from casereview.chronology.engine import resources as R
from casereview.chronology.engine.imports import Entry
from casereview.tabular.dates import APPROXIMATE, DAY, MONTH, YEAR


@dataclass(frozen=True, slots=True)
class Gap:
    start: dt.date  # last day covered by contact before the gap
    end: dt.date  # first day of contact after it
    days: int

    def as_dict(self) -> dict[str, Any]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "days": self.days}


@dataclass(frozen=True)
class Merged:
    entries: list[Entry]
    intervals: list[int | None] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    possible_duplicates: list[tuple[int, int]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The `casereview chronology merge --json` document (DESIGN.md)."""
        return {
            "entries": [e.as_dict() for e in self.entries],
            "possible_duplicates": [[i, j] for i, j in self.possible_duplicates],
            "gaps": [g.as_dict() for g in self.gaps],
        }


def order_entries(entries: Sequence[Entry]) -> list[Entry]:
    """Precision-aware, stable date order (Python's sort is stable: ties keep input order)."""
    return sorted(entries, key=lambda e: e.date.order)


def intervals(ordered: Sequence[Entry]) -> list[int | None]:
    result: list[int | None] = []
    previous: dt.date | None = None
    for entry in ordered:
        result.append(None if previous is None else (entry.date.earliest - previous).days)
        previous = entry.date.earliest
    return result


def find_gaps(ordered: Sequence[Entry], *, gap_days: int = R.DEFAULT_GAP_DAYS) -> list[Gap]:
    gaps: list[Gap] = []
    covered_until: dt.date | None = None
    for entry in ordered:
        if covered_until is not None:
            days = (entry.date.earliest - covered_until).days
            if days > gap_days:
                gaps.append(Gap(covered_until, entry.date.earliest, days))
        if covered_until is None or entry.date.latest > covered_until:
            covered_until = entry.date.latest
    return gaps


def comparison_key(event: str) -> str:
    """The text as compared for duplicates: processed, agency mentions masked, words sorted.

    Sorting the words makes the plain Indel ratio of two keys rapidfuzz's
    token_sort_ratio: insensitive to word order, case and punctuation, tolerant of
    typos, and (unlike token_set_ratio) not satisfied by one text merely being a
    subset of the other ("Home visit" against any longer note of a home visit).
    Words naming agencies are left out, because two agencies telling one event
    differ exactly there: each names the others (resources.AGENCY_WORDS).
    """
    agency_words = R.AGENCY_WORDS
    kept = [w for w in utils.default_process(event).split() if w not in agency_words]
    kept.sort()
    return " ".join(kept)


def find_possible_duplicates(
    ordered: Sequence[Entry],
    *,
    threshold: float = R.DEFAULT_DUPLICATE_THRESHOLD,
    window_days: int = R.DUPLICATE_WINDOW_DAYS,
) -> list[tuple[int, int]]:
    """Index pairs (i < j, into `ordered`) of likely cross-agency duplicates.

    Exactly the pairs, among day-precision entries of different agencies at most
    `window_days` apart, whose comparison keys reach `threshold` with fuzz.ratio.
    Each entry is compared only with the rest of its day and the following
    window, in one C++ call per entry (process.extract with a score cutoff).
    """
    by_day: dict[int, list[int]] = {}
    for index, entry in enumerate(ordered):
        if entry.date.precision == DAY:
            by_day.setdefault(entry.date.earliest.toordinal(), []).append(index)
    keys: dict[int, str] = {}
    agencies: dict[int, str] = {}
    cache: dict[str, str] = {}
    for ids in by_day.values():
        for i in ids:
            event = ordered[i].event
            key = cache.get(event)
            if key is None:
                key = cache[event] = comparison_key(event)
            keys[i] = key
            agencies[i] = ordered[i].agency.casefold()

    pairs: set[tuple[int, int]] = set()
    extract, ratio = process.extract, fuzz.ratio
    for day, ids in by_day.items():
        block = list(ids)
        for offset in range(1, window_days + 1):
            block.extend(by_day.get(day + offset, ()))
        if len(block) < 2:
            continue
        block_keys = [keys[j] for j in block]
        for position, i in enumerate(ids):
            if not keys[i]:
                continue
            rest = position + 1
            for _, _, k in extract(keys[i], block_keys[rest:], scorer=ratio, processor=None,
                                   score_cutoff=threshold, limit=None):
                j = block[rest + k]
                if agencies[j] != agencies[i]:
                    pairs.add((i, j) if i < j else (j, i))
    return sorted(pairs)



def merge(
    entries: Sequence[Entry],
    *,
    gap_days: int = R.DEFAULT_GAP_DAYS,
    duplicate_threshold: float = R.DEFAULT_DUPLICATE_THRESHOLD,
    window_days: int = R.DUPLICATE_WINDOW_DAYS,
) -> Merged:
    """Merge entries (given in file order, each file's in row order) into the integrated chronology."""
    ordered = order_entries(entries)
    return Merged(
        entries=ordered,
        intervals=intervals(ordered),
        gaps=find_gaps(ordered, gap_days=gap_days),
        possible_duplicates=find_possible_duplicates(ordered, threshold=duplicate_threshold, window_days=window_days),
    )


# ---------------------------------------------------------------------------
# Age
# ---------------------------------------------------------------------------


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def _months_between(born: dt.date, on: dt.date) -> int:
    months = (on.year - born.year) * 12 + (on.month - born.month)
    return months - 1 if on.day < born.day else months


def _age_in_months(months: int) -> str:
    years, rest = divmod(months, 12)
    if years == 0:
        return _plural(rest, "month")
    return _plural(years, "year") + (f" {_plural(rest, 'month')}" if rest else "")


def age_at(date_of_birth: dt.date, event_date: dt.date, precision: str = DAY) -> str:
    """The child's age at an event, for showing instead of the date of birth.

    Day precision: under 2 weeks in days, under 13 weeks in weeks, under a year in
    months, then years and months ("2 years 4 months"). Imprecise dates give an
    "about" age at the resolution the date supports: months for a month or an
    approximate date (taken mid-month), whole years for a year (taken mid-year).
    Events before birth are "before birth".
    """
    if precision == YEAR:
        on = dt.date(event_date.year, 7, 1)
        if on < date_of_birth:
            return "before birth" if event_date.year < date_of_birth.year else "about 0 years"
        return "about " + _plural(_months_between(date_of_birth, on) // 12, "year")
    if precision in (MONTH, APPROXIMATE):
        on = event_date.replace(day=15)
        if event_date.year == date_of_birth.year and event_date.month == date_of_birth.month:
            return "month of birth"
        if on < date_of_birth:
            return "before birth"
        return "about " + _age_in_months(_months_between(date_of_birth, on))
    days = (event_date - date_of_birth).days
    if days < 0:
        return "before birth"
    if days < 14:
        return _plural(days, "day")
    if days < 13 * 7:
        return _plural(days // 7, "week")
    return _age_in_months(_months_between(date_of_birth, event_date))
