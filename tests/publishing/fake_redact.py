"""A stand-in for casereview.text.redact.find_identifiers, used only while the real one is not installed.

It follows the agreed interface: [{"start", "end", "text", "kind", "matched"}] for
known identifiers (case-insensitive, any whitespace between words, possessive
"'s" allowed) and for personal-data patterns.
"""

from __future__ import annotations

import re

PATTERNS = {
    "postcode": r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b",
    "nhs_number": r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b",
    "ni_number": r"\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
    "date": r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|"
            r"July|August|September|October|November|December)\s+\d{4}\b",
    "phone": r"(?<!\d)(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)",
    "email": r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b",
}


def find_identifiers(text: str, identifiers: list[str]) -> list[dict]:
    hits = []
    for value in identifiers:
        words = value.split()
        if not words:
            continue
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
        for m in re.finditer(pattern, text, re.IGNORECASE):
            hits.append({"start": m.start(), "end": m.end(), "text": m.group(), "kind": "identifier", "matched": value})
    for kind, pattern in PATTERNS.items():
        flags = re.IGNORECASE if kind in {"email"} else 0
        for m in re.finditer(pattern, text, flags):
            hits.append({"start": m.start(), "end": m.end(), "text": m.group(), "kind": kind, "matched": kind})
    return sorted(hits, key=lambda h: (h["start"], h["end"]))
