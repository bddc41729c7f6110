"""`casereview redact-check FILE --identifiers FILE --json`: list identifier and personal-data hits.

Reads the document with the text engine's readers (PDF, HTML, DOCX, TXT, MD) and the
identifiers file (one identifier per line; blank lines and lines starting with "#"
ignored), and prints `[{"start", "end", "text", "kind", "matched"}]` with offsets
into the document's normalised text. Never touches the database. Bad input: nothing
on stdout, one line per problem on stderr, exit 2.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from casereview.text.extract import ReadError, extract_path
from casereview.text.redact import find_identifiers


def read_identifiers(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


class Command(BaseCommand):
    help = (
        "List every hit of a known identifier or personal-data pattern (postcode, NHS number, NI number, "
        "date, phone, email) in a document, without touching the database."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="document to check (PDF, HTML, DOCX, TXT, MD)")
        parser.add_argument("--identifiers", required=True, metavar="FILE", help="known identifiers, one per line")
        parser.add_argument("--json", action="store_true", help="print a JSON array of hits")

    def handle(self, *args, **opts):
        problems: list[str] = []
        text = None
        identifiers: list[str] = []
        try:
            text = extract_path(opts["file"]).text
        except ReadError as exc:
            problems.append(f"{opts['file']}: {exc}")
        try:
            identifiers = read_identifiers(Path(opts["identifiers"]))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{opts['identifiers']}: cannot read identifiers file ({exc})")
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise SystemExit(2)
        hits = find_identifiers(text or "", identifiers)
        if opts["json"]:
            self.stdout.write(json.dumps(hits, ensure_ascii=False, indent=2))
            return
        for hit in hits:
            self.stdout.write(f"{hit['start']}-{hit['end']} {hit['kind']}: {hit['text']!r} (matched {hit['matched']!r})")
        self.stdout.write(f"{len(hits)} hit(s)")
