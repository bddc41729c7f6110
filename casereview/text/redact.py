"""Find identifiers and personal data in text, for the anonymisation gate and `casereview redact-check`.

Two sources of hits: the review's own restricted identifiers (real names, schools,
addresses ...), matched case-insensitively with any whitespace between words and
with possessives ("Jayden's", "Jaydens'"); and patterns for personal data that no
published briefing should carry (UK postcode, NHS number with its check digit,
National Insurance number, dates of birth-like dates, phone numbers, email). Hits
never overlap: a known identifier wins over a pattern, then the longer hit.
"""

from __future__ import annotations

import re

from casereview.text import resources as r

#: kind -> (pattern, validator)
PATTERN_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", r.EMAIL_RE),
    ("nhs_number", r.NHS_NUMBER_RE),
    ("ni_number", r.NI_NUMBER_RE),
    ("postcode", r.POSTCODE_RE),
    ("phone", r.PHONE_RE),
    ("date", r.DATE_RE),
)
_POSSESSIVE = r"(?:['\u2019]s|s['\u2019]|['\u2019])?"


def nhs_number_is_valid(value: str) -> bool:
    """Modulus 11 check digit of a 10-digit NHS number."""
    digits = [int(ch) for ch in value if ch.isdigit()]
    if len(digits) != 10:
        return False
    remainder = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 11 - remainder
    if check == 11:
        check = 0
    return check != 10 and check == digits[9]


def identifier_pattern(identifier: str) -> re.Pattern[str] | None:
    """Case-insensitive pattern for a known identifier, any whitespace between words, possessive allowed."""
    words = identifier.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w){body}{_POSSESSIVE}(?!\w)", re.IGNORECASE)


def _identifier_hits(text: str, identifiers: list[str]) -> list[dict]:
    hits = []
    for identifier in identifiers:
        pattern = identifier_pattern(identifier)
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            hits.append(_hit(match, "identifier", identifier))
    return hits


def _pattern_hits(text: str) -> list[dict]:
    hits = []
    for kind, pattern in PATTERN_KINDS:
        for match in pattern.finditer(text):
            if kind == "nhs_number" and not nhs_number_is_valid(match.group(0)):
                continue
            hits.append(_hit(match, kind, kind))
    return hits


def _hit(match: re.Match[str], kind: str, matched: str) -> dict:
    return {"start": match.start(), "end": match.end(), "text": match.group(0), "kind": kind, "matched": matched}


def _without_overlaps(hits: list[dict]) -> list[dict]:
    kept: list[dict] = []
    ranked = sorted(hits, key=lambda h: (h["kind"] != "identifier", -(h["end"] - h["start"]), h["start"]))
    for hit in ranked:
        if all(hit["end"] <= other["start"] or hit["start"] >= other["end"] for other in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h["start"], h["end"]))


def find_identifiers(text: str, identifiers: list[str]) -> list[dict]:
    """Every hit of a known identifier or personal-data pattern: [{"start", "end", "text", "kind", "matched"}].

    `matched` is the identifier as given for known identifiers and the pattern's kind
    otherwise; `text == input[start:end]`.
    """
    return _without_overlaps(_identifier_hits(text, identifiers) + _pattern_hits(text))
