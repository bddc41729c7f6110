"""Find identifiers and personal data in text, for the anonymisation gate and `casereview redact-check`.

Two sources of hits:

* the review's restricted identifiers, each matched in the forms people write it
  (names: names.py; dates of birth, addresses, schools, record numbers: kinds.py),
  reported with the identifier's kind and severity "block";
* patterns for personal data no published briefing should carry (postcode, NHS number
  with its check digit, NI number, full dates, phone, email): severity "block"; and
  names written with a title ("Mrs Jones") as "possible_name", severity "possible".

The text is folded first (fold.py: NFKC, invisible characters removed, dashes and
apostrophes alike) and every hit's offsets point back into the original text. The
child's pseudonym is never a hit. Hits never overlap: a restricted identifier wins
over a pattern, a blocking hit over a possible one, then the longer hit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from casereview.text import identifiers_data as data
from casereview.text import resources as r
from casereview.text.redact import kinds
from casereview.text.redact.dates import find_dates, parse_date
from casereview.text.redact.fold import Folded, fold
from casereview.text.redact.names import TOKEN_RE, NameIndex, find_names

__all__ = ["Identifier", "coerce_identifier", "find_identifiers", "infer_kind", "nhs_number_is_valid"]

#: Generic personal-data patterns (dates are read by dates.py).
PATTERN_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", r.EMAIL_RE),
    ("nhs_number", r.NHS_NUMBER_RE),
    ("ni_number", r.NI_NUMBER_RE),
    ("postcode", r.POSTCODE_RE),
    ("phone", r.PHONE_RE),
)
_KIND_PREFIX_RE = re.compile(r"^\s*(?P<kind>[A-Za-z][A-Za-z _]{1,20}?)\s*:\s*(?P<value>\S.*)$")
_STREET_RE = re.compile(
    r"\b\d+[a-z]?,?\s+[A-Za-z' -]+?\s(?:" + "|".join(sorted({f for fs in data.STREET_WORDS.values() for f in fs}, key=len, reverse=True)) + r")\b",
    re.I,
)
_SPAN_FINDERS = {
    "date_of_birth": kinds.date_of_birth_spans,
    "address": kinds.address_spans,
    "school": kinds.school_spans,
    "record_number": kinds.record_spans,
    "other": kinds.phrase_spans,
}


@dataclass(frozen=True)
class Identifier:
    """A restricted identifier: kind is one of identifiers_data.KINDS, or "pseudonym" (never reported)."""

    kind: str
    value: str


def infer_kind(value: str) -> str:
    """The kind of an identifier given without one: a date is a date of birth, school words a school,
    a house number and street or a postcode an address, a code mostly of digits a record number."""
    text = fold(value).text.strip()
    if parse_date(text):
        return "date_of_birth"
    if data.SCHOOL_WORDS_RE.search(text):
        return "school"
    if r.POSTCODE_RE.search(text) or _STREET_RE.search(text):
        return "address"
    alnum = re.sub(r"[^0-9A-Za-z]", "", text)
    digits = sum(ch.isdigit() for ch in alnum)
    if digits >= 4 and digits * 2 >= len(alnum):
        return "record_number"
    if "@" in text or digits or not TOKEN_RE.search(text):
        return "other"
    return "name"


def coerce_identifier(item: str | tuple[str, str] | list[str] | Identifier) -> Identifier:
    """An Identifier from a plain string ("kind: value" prefix optional), a (kind, value) pair or an Identifier."""
    if isinstance(item, Identifier):
        return item
    if isinstance(item, (tuple, list)):
        kind, value = item
        return Identifier(data.KIND_ALIASES.get(str(kind).strip().lower(), "other"), str(value))
    prefixed = _KIND_PREFIX_RE.match(item)
    if prefixed and prefixed.group("kind").strip().lower() in data.KIND_ALIASES:
        return Identifier(data.KIND_ALIASES[prefixed.group("kind").strip().lower()], prefixed.group("value").strip())
    return Identifier(infer_kind(item), item.strip())


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


def _restricted_hits(folded: Folded, identifiers: list[Identifier], pseudonym_words: set[str]) -> list[dict]:
    hits: list[dict] = []
    index = NameIndex()
    for ident in identifiers:
        if ident.kind == "name":
            index.add(ident.value, fold(ident.value).text)
        elif ident.kind in _SPAN_FINDERS:
            for start, end in _SPAN_FINDERS[ident.kind](folded.text, fold(ident.value).text):
                hits.append(_hit(folded, start, end, ident.kind, ident.value, "block"))
    for start, end, owner, severity in find_names(folded.text, index, pseudonym_words):
        hits.append(_hit(folded, start, end, "name", owner, severity))
    return hits


def _pattern_hits(folded: Folded) -> list[dict]:
    hits = []
    for kind, pattern in PATTERN_KINDS:
        for match in pattern.finditer(folded.text):
            if kind == "nhs_number" and not nhs_number_is_valid(match.group(0)):
                continue
            hits.append(_hit(folded, *match.span(), kind, kind, "block"))
    for start, end, _ in find_dates(folded.text):
        hits.append(_hit(folded, start, end, "date", "date", "block"))
    for match in data.TITLED_NAME_RE.finditer(folded.text):
        hits.append(_hit(folded, *match.span(), "possible_name", "possible_name", "possible"))
    return hits


def _hit(folded: Folded, start: int, end: int, kind: str, matched: str, severity: str) -> dict:
    return {"fstart": start, "fend": end, "kind": kind, "matched": matched, "severity": severity,
            "restricted": matched != kind}  # fmt: skip


def _pseudonym_spans(text: str, pseudonyms: list[str]) -> list[tuple[int, int]]:
    spans = []
    for value in pseudonyms:
        spans += kinds.phrase_spans(text, fold(value).text)
    return spans


def _without_overlaps(hits: list[dict]) -> list[dict]:
    kept: list[dict] = []
    ranked = sorted(hits, key=lambda h: (not h["restricted"], h["severity"] != "block", h["fstart"] - h["fend"], h["fstart"]))
    for hit in ranked:
        if all(hit["fend"] <= other["fstart"] or hit["fstart"] >= other["fend"] for other in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h["fstart"], h["fend"]))


def find_identifiers(
    text: str,
    identifiers: Iterable[str | tuple[str, str] | Identifier],
    *,
    pseudonym: str | Iterable[str] = (),
) -> list[dict]:
    """Every hit of a restricted identifier or personal-data pattern in `text`.

    `identifiers` are plain strings (kind inferred, or given as a "kind: value" prefix),
    (kind, value) pairs or Identifier objects; kind "pseudonym" names the child's
    pseudonym, as does `pseudonym=`, and no hit is reported inside it (unless the
    review restricts the same word itself: then it is reported, failing closed).

    Returns [{"start", "end", "text", "kind", "matched", "severity"}]: `text ==
    input[start:end]`; `kind` is the restricted identifier's kind ("name",
    "date_of_birth", "address", "school", "record_number", "other") or the pattern's
    ("postcode", "nhs_number", "ni_number", "phone", "email", "date", "possible_name");
    `matched` is the identifier's value as given, or the pattern's kind; `severity` is
    "block", or "possible" for a name written with a title.
    """
    coerced = [coerce_identifier(item) for item in identifiers]
    pseudonyms = [pseudonym] if isinstance(pseudonym, str) else list(pseudonym)
    pseudonyms += [i.value for i in coerced if i.kind == "pseudonym"]
    restricted = [i for i in coerced if i.kind != "pseudonym" and i.value.strip()]
    # A word the review restricts itself stays restricted even if it is also the pseudonym: fail closed.
    restricted_words = {w.lower() for i in restricted for w in TOKEN_RE.findall(fold(i.value).text)}
    pseudonyms = [p for p in pseudonyms if p.strip() and not _words(p) <= restricted_words]
    folded = fold(text)
    pseudonym_words = {w for p in pseudonyms for w in _words(p) if len(w) > 1} - restricted_words
    hits = _restricted_hits(folded, restricted, pseudonym_words) + _pattern_hits(folded)
    shielded = _pseudonym_spans(folded.text, pseudonyms)
    hits = [h for h in hits if not any(s <= h["fstart"] and h["fend"] <= e for s, e in shielded)]
    hits = [h for h in hits if not (h["kind"] == "possible_name" and _names_pseudonym(folded.text, h, pseudonym_words))]
    results = []
    for hit in _without_overlaps(hits):
        start, end = folded.span(hit["fstart"], hit["fend"])
        results.append({"start": start, "end": end, "text": text[start:end], "kind": hit["kind"],
                        "matched": hit["matched"], "severity": hit["severity"]})  # fmt: skip
    return results


def _words(value: str) -> set[str]:
    return {w.lower() for w in TOKEN_RE.findall(fold(value).text)}


def _names_pseudonym(text: str, hit: dict, pseudonym_words: set[str]) -> bool:
    words = [w.lower() for w in TOKEN_RE.findall(text[hit["fstart"] : hit["fend"]])[1:]]
    return any(w in pseudonym_words for w in words)
