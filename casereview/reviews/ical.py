"""An iCalendar (RFC 5545) feed of deadlines, written by hand: no calendar library is installed.

All-day events (DTSTART;VALUE=DATE with DTEND the next day), CRLF line ends,
lines folded at 75 octets, TEXT values escaped (backslash, semicolon, comma, newline).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from casereview.reviews.deadlines import Deadline

PRODID = "-//CaseReview//Review deadlines//EN"


def escape_text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line into 75-octet pieces, continuation lines starting with one space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    pieces, current, limit = [], b"", 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            pieces.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines lose one octet to the leading space
        current += encoded
    pieces.append(current.decode("utf-8"))
    return "\r\n ".join(pieces)


def calendar_text(deadlines: Iterable[Deadline], *, now: dt.datetime, host: str, name: str,
                  url_for=lambda d: "") -> str:
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(name)}"]
    for d in deadlines:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{d.uid}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{d.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{d.due + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(f'{d.what}: {d.reference} ({d.pseudonym})')}",
            f"DESCRIPTION:{escape_text(f'{d.what} for review {d.reference} by {d.due:%d %B %Y}.')}",
            "TRANSP:TRANSPARENT",
        ]
        url = url_for(d)
        if url:
            lines.append(f"URL:{url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
