"""Restricted identifiers other than names: dates of birth, addresses, schools,
record numbers and free text, each matched in the forms people write them.

Every function takes the folded text (see fold.py) and returns (start, end) spans in it.
"""

from __future__ import annotations

import re

from casereview.text import identifiers_data as data
from casereview.text import resources as r
from casereview.text.redact.dates import find_dates, parse_date

Span = tuple[int, int]
_POSSESSIVE = r"(?:'s|s'|')?"
_SAINT_RE = re.compile(r"^(?:st\.?|saint)$", re.I)


def _word(word: str) -> str:
    """A word of an identifier: apostrophes optional, hyphens may be spaces or nothing, "St" is "Saint"."""
    if _SAINT_RE.match(word):
        return r"(?:st\.?|saint)"
    pieces = [re.escape(p).replace("'", "'?") for p in word.split("-") if p]
    return r"(?:\s*-\s*|\s+)?".join(pieces)


def phrase_regex(words: list[str], *, separator: str = r"[\s,]+") -> str:
    return r"(?<!\w)" + separator.join(_word(w) for w in words) + _POSSESSIVE + r"(?!\w)"


def _spans(pattern: str, text: str) -> list[Span]:
    return [m.span() for m in re.finditer(pattern, text, re.I)]


def _words(value: str) -> list[str]:
    return value.replace(",", " ").split()


def phrase_spans(text: str, value: str) -> list[Span]:
    """A free-text identifier: its words in order, any case, spacing, commas or dashes between them."""
    words = _words(value)
    return _spans(phrase_regex(words), text) if words else []


def date_of_birth_spans(text: str, value: str) -> list[Span]:
    """The same date in any form the date reader knows; the value as a phrase if it is not a date."""
    born = parse_date(value)
    if born is None:
        return phrase_spans(text, value)
    return [(start, end) for start, end, when in find_dates(text) if when == born]


def _postcode_key(value: str) -> str:
    return re.sub(r"\s", "", value).upper()


def address_spans(text: str, value: str) -> list[Span]:
    """The whole address; its street with or without the house number; a house name; its postcode."""
    spans = phrase_spans(text, value)
    postcodes = {_postcode_key(m.group(0)) for m in r.POSTCODE_RE.finditer(value)}
    segments = [r.POSTCODE_RE.sub("", seg).strip() for seg in value.split(",")]
    segments = [seg for seg in segments if seg]
    street_at = next((i for i, seg in enumerate(segments) if _street_regex(seg)), None)
    if street_at is not None:
        spans += _spans(_street_regex(segments[street_at]) or "", text)
        for seg in segments[:street_at]:
            words = [w for w in seg.split() if w.lower() not in data.FLAT_WORDS and not w.isdigit()]
            if words and not all(w.isdigit() for w in words):
                spans += _spans(phrase_regex(seg.split()), text)
    spans += [m.span() for m in r.POSTCODE_RE.finditer(text) if _postcode_key(m.group(0)) in postcodes]
    return spans


def _street_regex(segment: str) -> str | None:
    """'37 Cranmore Avenue' -> a pattern for '37 Cranmore Avenue', 'Cranmore Ave' ... or None if not a street."""
    match = re.match(r"^(?:(?P<num>\d+[a-z]?)[\s,]+)?(?P<name>.*\S)\s+(?P<word>[A-Za-z]+)\.?$", segment.strip(), re.I)
    if not match:
        return None
    forms = next((f for f in data.STREET_WORDS.values() if match.group("word").lower() in f), None)
    if forms is None:
        return None
    number = rf"(?:{re.escape(match.group('num'))}[\s,]+)?" if match.group("num") else ""
    name = r"\s+".join(_word(w) for w in match.group("name").split())
    tail = "(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\.?"
    return rf"(?<![\w]){number}{name}\s+{tail}(?!\w)"


_TAIL = r"(?:[\s-]+(?:" + "|".join(
    re.escape(w).replace("'", "'?") for w in sorted(data.SCHOOL_TAIL_WORDS | {"of", "c", "e"}, key=len, reverse=True)
) + r"))"


def school_spans(text: str, value: str) -> list[Span]:
    """The school's distinctive name with any, all or none of its generic tail ("Hollybank Primary")."""
    words = [w for w in _words(value) if w.lower() != "the"]
    core: list[str] = []
    for word in words:
        if word.lower() in data.SCHOOL_TAIL_WORDS and core:
            break
        core.append(word)
    if not core:
        return []
    pattern = r"(?<!\w)" + r"\s+".join(_word(w) for w in core) + rf"(?P<tail>{_TAIL}*)" + _POSSESSIVE + r"(?!\w)"
    spans = []
    everyday = len(core) == 1 and core[0].lower() in data.EVERYDAY_NAMES
    for match in re.finditer(pattern, text, re.I):
        bare = not match.group("tail")
        if bare and (everyday or not match.group(0)[:1].isupper()):
            continue
        spans.append(match.span())
    return spans


_LABEL_RE = re.compile(r"^(?P<label>[A-Za-z]{1,5})[\s\-./:]+(?P<rest>.*\d.*)$")


def record_spans(text: str, value: str) -> list[Span]:
    """The record number compared on its letters and digits, whatever the spacing or punctuation;
    a leading label ("PNC", "LCS") may be left out when at least four digits remain."""
    keys = [re.sub(r"[^0-9A-Za-z]", "", value)]
    labelled = _LABEL_RE.match(value.strip())
    if labelled:
        rest = re.sub(r"[^0-9A-Za-z]", "", labelled.group("rest"))
        if sum(ch.isdigit() for ch in rest) >= 4:
            keys.append(rest)
    spans: list[Span] = []
    for key in filter(None, keys):
        pattern = r"(?<![0-9A-Za-z])" + r"[\s\-./]*".join(re.escape(ch) for ch in key) + r"(?![0-9A-Za-z])"
        spans += _spans(pattern, text)
    return spans
