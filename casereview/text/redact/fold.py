"""Fold text for matching, keeping a map back to the original offsets.

NFKC (so "ﬁ" is "fi" and a no-break space is a space), invisible characters removed
(soft hyphen, zero-width space and joiners, byte-order mark: anything of Unicode
category Cf), every dash a hyphen and every apostrophe-like mark "'". Case is kept,
since whether a word is capitalised decides some hits.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_EXTRA_INVISIBLE = {"\ufffe", "\u034f", "\x02"}
_APOSTROPHES = {"\u2018", "\u2019", "\u201a", "\u201b", "\u2032", "\u00b4", "`", "\u02bc"}
_DASHES = {"\u2212", "\u2043", "\ufe63", "\uff0d"}


@dataclass(frozen=True)
class Folded:
    text: str
    starts: list[int]  # folded index -> original start offset
    ends: list[int]  # folded index -> original end offset

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the folded span [start, end)."""
        return self.starts[start], self.ends[end - 1]


def _fold_char(ch: str) -> str:
    if ch in _APOSTROPHES:
        return "'"
    if ch in _DASHES or unicodedata.category(ch) == "Pd":
        return "-"
    return ch


def fold(text: str) -> Folded:
    """The folded text and, for each of its characters, where it came from."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        i_start = i
        i = j
        if cluster[0] in _EXTRA_INVISIBLE or unicodedata.category(cluster[0]) == "Cf":
            continue
        for ch in unicodedata.normalize("NFKC", cluster):
            if ch in _EXTRA_INVISIBLE or unicodedata.category(ch) == "Cf":
                continue
            out.append(_fold_char(ch))
            starts.append(i_start)
            ends.append(j)
    return Folded("".join(out), starts, ends)
