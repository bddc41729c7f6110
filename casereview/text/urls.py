"""Which URLs from a document (or a person) may become a link: http, https and mailto only.

A briefing is hostile input: a DOCX hyperlink can target `javascript:...` and a
browser runs it when someone clicks the link on the library page. Browsers are
lenient about what counts as a scheme: they drop tabs and newlines anywhere in a
URL ("java\\tscript:"), ignore leading spaces and control characters, and read
schemes case-insensitively ("JaVaScRiPt:"). So anything with a control, format or
whitespace character inside is refused outright rather than cleaned, and the scheme
is compared lower-cased against an allow-list. No Django here: the text engine and
the web templates share this one rule.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
LINK_SCHEMES = (*WEB_SCHEMES, "mailto")

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def _has_hidden_characters(text: str) -> bool:
    """Control (Cc), format (Cf, e.g. zero-width space), unassigned and private characters, or any space."""
    return any(unicodedata.category(ch)[0] in "CZ" or ch.isspace() for ch in text)


def safe_url(url: object, schemes: tuple[str, ...] = LINK_SCHEMES) -> str | None:
    """`url` (surrounding spaces removed) when it is an absolute link with an allowed scheme, else None.

    `www.example.org/...` (no scheme, as in running text) becomes `https://www.example.org/...`.
    http(s) links need a host; mailto needs an address. Relative and scheme-relative
    (`//host`) URLs are refused: a stored link must say where it goes.
    """
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if not candidate or _has_hidden_characters(candidate):
        return None
    if candidate.lower().startswith("www.") and "https" in schemes:
        candidate = "https://" + candidate
    match = _SCHEME_RE.match(candidate)
    if match is None:
        return None
    scheme = match.group(1).lower()
    if scheme not in schemes:
        return None
    rest = candidate[match.end():]
    if scheme in WEB_SCHEMES:
        try:
            parts = urlsplit(candidate)
        except ValueError:  # e.g. an unbalanced IPv6 bracket
            return None
        if not rest.startswith("//") or not parts.hostname:
            return None
    elif not rest.strip("/"):
        return None
    return candidate


def safe_links(urls: list[str]) -> list[str]:
    """The safe ones of `urls`, in order, once each (see safe_url)."""
    seen: set[str] = set()
    kept: list[str] = []
    for url in urls:
        safe = safe_url(url)
        if safe is not None and safe not in seen:
            seen.add(safe)
            kept.append(safe)
    return kept
