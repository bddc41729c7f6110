"""The integrated chronology: every agency's entries in one order, with what stands out.

- Order: by `ParsedDate.sort_key` (first possible day; coarser precision first
  on the same day; untimed before timed; then time), stable, so entries that
  tie keep file order and then row order.
- Interval: whole days from the previous entry's date (the first day of its
  period when imprecise); None for the first entry.
- Gaps: stretches with no contact longer than `gap_days`. An imprecise entry
  counts as contact over its whole period ("April 2019" covers all of April), so
  a gap is never reported where an imprecise entry may have filled it.
- Possible duplicates: two entries from different agencies, both dated to the
  day, on the same or adjacent days (`window_days`), whose event texts score at
  least `threshold` with rapidfuzz's token_set_ratio. Same-agency pairs are left
  alone: repeated entries within one agency's record are that agency's facts,
  whereas the point here is one event told by two agencies (a joint visit, a
  strategy discussion). Comparisons are windowed by day, never all pairs. Pairs
  are only flagged; nothing is removed.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process, utils

from casereview.chronology.engine import resources as R
from casereview.chronology.engine.dates import APPROXIMATE, DAY, MONTH, YEAR
from casereview.chronology.engine.imports import Entry


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


_BUCKETS = 90  # printable ASCII from "!": one-byte characters keep rapidfuzz's bit-parallel Indel fast


class _TextKeys:
    """Per-entry strings that let C++ rule out most pairs before token_set_ratio runs.

    rapidfuzz's token_set_ratio(a, b) is the best of three scores over the unique
    tokens: with I the shared tokens and L the length of a text's unique tokens
    joined by spaces,
      - "intersection" scores 2|I| / (|I| + L_a) and 2|I| / (|I| + L_b), which need
        |I| >= f * min(L_a, L_b) to reach t (f = t / (2 - t));
      - a "differences" score, at most the share of characters the two token sets
        have in common.
    `chars` (a text's unique-token characters, sorted) gives that share as an Indel
    ratio, since the longest common subsequence of two sorted strings is the
    multiset of characters they share. `weights` (each distinct token hashed to one of 90 ASCII characters,
    repeated ceil((len + 1) / 2) times, sorted) gives at least (|I| + 1) / 2 as an
    Indel ratio; hash collisions and rounding up can only raise it, so it stays an
    upper bound, and halving keeps the strings short, which rapidfuzz compares
    fastest. Both run in C++ over whole candidate lists; only pairs that pass either
    bound get the real score, so the result is exactly the pairs token_set_ratio
    would pick.
    """

    def __init__(self) -> None:
        self.runs: dict[str, str] = {}
        self.cache: dict[str, tuple[str, str | bytes, str, int]] = {}

    def _run(self, token: str) -> str:
        run = chr(33 + zlib.crc32(token.encode()) % _BUCKETS) * ((len(token) + 2) // 2)
        self.runs[token] = run
        return run

    def keys(self, event: str) -> tuple[str, str | bytes, str, int]:
        """(processed text, chars, weights, L) for an event text; repeated texts are cached."""
        cached = self.cache.get(event)
        if cached is not None:
            return cached
        text = utils.default_process(event)
        tokens = set(text.split())
        joined = " ".join(tokens)
        known = self.runs.get
        weights = "".join(sorted([known(t) or self._run(t) for t in tokens]))
        # Sorting bytes is quicker than sorting a str; rapidfuzz compares bytes and str by code point,
        # so ASCII texts (nearly all) take the quick path and the others sort as text.
        chars: str | bytes = bytes(sorted(joined.encode())) if joined.isascii() else "".join(sorted(joined))
        result = (text, chars, weights, len(joined))
        self.cache[event] = result
        return result


def find_possible_duplicates(
    ordered: Sequence[Entry],
    *,
    threshold: float = R.DEFAULT_DUPLICATE_THRESHOLD,
    window_days: int = R.DUPLICATE_WINDOW_DAYS,
) -> list[tuple[int, int]]:
    """Index pairs (i < j, into `ordered`) of likely cross-agency duplicates.

    Exactly the pairs whose token_set_ratio reaches `threshold` (see `_TextKeys`
    for how most pairs are ruled out cheaply first).
    """
    by_day: dict[int, list[int]] = {}
    for index, entry in enumerate(ordered):
        if entry.date.precision == DAY:
            by_day.setdefault(entry.date.earliest.toordinal(), []).append(index)
    count = len(ordered)
    agencies = [e.agency.casefold() for e in ordered]
    texts, weights = [""] * count, [""] * count
    chars: list[str | bytes] = [""] * count
    lengths = [0] * count
    make = _TextKeys()
    for ids in by_day.values():
        for i in ids:
            texts[i], chars[i], weights[i], lengths[i] = make.keys(ordered[i].event)

    t = threshold / 100
    f = t / (2 - t)
    pairs: set[tuple[int, int]] = set()
    ratio, token_set_ratio, extract = fuzz.ratio, fuzz.token_set_ratio, process.extract
    for day, ids in by_day.items():
        block = list(ids)
        for offset in range(1, window_days + 1):
            block.extend(by_day.get(day + offset, ()))
        if len(block) < 2:
            continue
        block_chars = [chars[j] for j in block]
        block_weights = [weights[j] for j in block]
        block_lengths = [lengths[j] for j in block]
        block_sizes = [len(weights[j]) for j in block]
        shortest = min(block_lengths)
        widest = max(block_sizes)
        for position, i in enumerate(ids):
            len_i = lengths[i]
            if not len_i:
                continue
            rest = position + 1
            # Intersection scores need (|I| + 1) / 2 >= (f * min(L_i, L_j) + 1) / 2 shared weight;
            # as a ratio over the key lengths, the laxest candidate is the shortest text with the
            # longest key, so this cutoff lets every possible match through.
            needed = (f * min(len_i, shortest) + 1) / 2
            weight_cutoff = 100 * 2 * needed / (len(weights[i]) + widest) - 1e-6
            hits = {k for _, _, k in extract(chars[i], block_chars[rest:], scorer=ratio, processor=None, score_cutoff=threshold, limit=None)}
            hits.update(
                k for _, _, k in extract(weights[i], block_weights[rest:], scorer=ratio, processor=None, score_cutoff=weight_cutoff, limit=None)
            )
            text_i, agency = texts[i], agencies[i]
            for k in hits:
                j = block[rest + k]
                if agencies[j] != agency and token_set_ratio(text_i, texts[j], processor=None, score_cutoff=threshold) >= threshold:
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
