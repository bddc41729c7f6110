"""Recognise an agency chronology's columns, or say exactly what needs mapping.

A header is recognised only if its normalised form is in the vocabulary
(resources.HEADER_VOCABULARY) or the caller's mapping names it. Nothing is
guessed: a missing required column, or two columns that both look like the same
field, is a "needs mapping" error that lists the headers found.

Required: a date (a "Date" column or a combined "Date/Time" column) and an
event. The agency column is optional: rows without one take the agency given
for the file (the CLI's --agency, the agency uploading in the app, or else the
file's name), because most agencies send a spreadsheet of their own records
with no agency column at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from casereview.chronology.engine import resources as R

_PARENTHESISED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise_header(header: Any) -> str:
    """'Date/Time' -> 'date time'; 'Action taken (or why not)' -> 'action taken'; '&' -> 'and'."""
    if header is None:
        return ""
    text = str(header).lower().replace("&", " and ")
    without_notes = _PARENTHESISED.sub(" ", text)
    # A header that is only a parenthesised note keeps its words.
    text = without_notes if without_notes.strip() else text
    return _NON_WORD.sub(" ", text).strip()


class MappingError(ValueError):
    """The mapping itself is wrong (unknown field, malformed COL=FIELD)."""


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """Turn CLI-style ["When=date", "Notes=event"] into {"When": "date", "Notes": "event"}."""
    mapping: dict[str, str] = {}
    for item in items:
        column, sep, target = item.rpartition("=")
        if not sep or not column.strip() or not target.strip():
            raise MappingError(f"'{item}' is not COLUMN=FIELD (e.g. 'When=date')")
        target = target.strip().lower()
        if target not in R.MAPPABLE_FIELDS:
            raise MappingError(f"'{target}' is not a field; choose one of {', '.join(R.MAPPABLE_FIELDS)}")
        mapping[column.strip()] = target
    return mapping


@dataclass(frozen=True)
class HeaderMatch:
    """The outcome of matching one header row: column index per field, or what is wrong."""

    headers: tuple[str, ...]  # as written, blank headers as ""
    columns: dict[str, int] = field(default_factory=dict)  # field -> 0-based column index
    missing: tuple[str, ...] = ()
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field -> headers
    # Mapping keys that are not headers of this file: a hint, not an error, because
    # one --map list is applied to every file of a merge.
    unmapped_keys: tuple[str, ...] = ()
    unrecognised: tuple[str, ...] = ()  # headers neither known nor mapped (ignored, shown to the user)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.ambiguous)

    def problem(self) -> str:
        """One sentence for the user naming every issue and the headers found."""
        parts: list[str] = []
        if self.missing:
            names = " and ".join("date (or date/time)" if f == "date" else f for f in self.missing)
            parts.append(f"no column for {names}")
        for fld, cols in self.ambiguous.items():
            parts.append(f"{' and '.join(repr(c) for c in cols)} both look like {fld}")
        if self.unmapped_keys:
            parts.append("mapped column(s) not in the file: " + ", ".join(repr(k) for k in self.unmapped_keys))
        found = ", ".join(repr(h) for h in self.headers if h) or "none"
        return (
            "needs mapping: " + "; ".join(parts) + f". Headers found: {found}. "
            "Map columns to fields (e.g. --map 'When=date' --map 'Notes=event'); fields: "
            + ", ".join(R.MAPPABLE_FIELDS)
        )


def recognised_count(cells: Sequence[Any], mapping: Mapping[str, str] | None = None) -> int:
    """How many cells of a row are known headers or mapped ones: used to find the header row."""
    mapped = {normalise_header(k) for k in (mapping or {})}
    return sum(1 for c in cells if (n := normalise_header(c)) and (n in R.HEADER_TO_FIELD or n in mapped))


def match_headers(cells: Sequence[Any], mapping: Mapping[str, str] | None = None) -> HeaderMatch:
    """Match a header row to fields; a mapping (header -> field) overrides the vocabulary."""
    headers = tuple("" if c is None else str(c).strip() for c in cells)
    mapped = {normalise_header(k): (k, v) for k, v in (mapping or {}).items()}
    candidates: dict[str, list[int]] = {}
    unrecognised: list[str] = []
    used_keys: set[str] = set()
    for index, header in enumerate(headers):
        norm = normalise_header(header)
        if not norm:
            continue
        if norm in mapped:
            used_keys.add(norm)
            target = mapped[norm][1]
            if target != R.IGNORE:
                candidates.setdefault(target, []).append(index)
            continue
        if norm in R.HEADER_TO_FIELD:
            candidates.setdefault(R.HEADER_TO_FIELD[norm], []).append(index)
        else:
            unrecognised.append(header)

    # A field chosen explicitly by the mapping wins over vocabulary matches for it.
    explicit = {v for _, v in mapped.values()}
    columns: dict[str, int] = {}
    ambiguous: dict[str, tuple[str, ...]] = {}
    for fld, indexes in candidates.items():
        if len(indexes) > 1 and fld in explicit:
            indexes = [i for i in indexes if normalise_header(headers[i]) in mapped]
        if len(indexes) == 1:
            columns[fld] = indexes[0]
        else:
            ambiguous[fld] = tuple(headers[i] for i in indexes)
    # A separate date column and a combined date/time column would disagree sooner or later.
    if "date" in columns and "datetime" in columns:
        ambiguous["date"] = (headers[columns.pop("date")], headers[columns.pop("datetime")])

    missing: list[str] = []
    if "date" not in columns and "datetime" not in columns and "date" not in ambiguous and "datetime" not in ambiguous:
        missing.append("date")
    if "event" not in columns and "event" not in ambiguous:
        missing.append("event")
    unmapped_keys = tuple(original for norm, (original, _) in mapped.items() if norm not in used_keys)
    return HeaderMatch(
        headers=headers,
        columns=columns,
        missing=tuple(missing),
        ambiguous=ambiguous,
        unmapped_keys=unmapped_keys,
        unrecognised=tuple(unrecognised),
    )
