"""`casereview redact-check FILE --identifiers FILE --json`: list identifier and personal-data hits.

Reads the document with the text engine's readers (PDF, HTML, DOCX, TXT, MD) and the
identifiers file (one identifier per line; blank lines and lines starting with "#"
ignored; "kind: value" gives the kind, otherwise it is inferred), and prints
`[{"start", "end", "text", "kind", "matched"}]` (exactly DESIGN.md's keys; the readable
output also says whether a hit blocks or is a possible name). Offsets index the file's
text as read (UTF-8) for TXT and MD files, and the extracted text for the others.
Exit 0 when there is no hit, 1 when there are hits (so a script can use it as a
guard), 2 on bad input: nothing on stdout, one line per problem on stderr.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from casereview.text.extract import ReadError, extract_path
from casereview.text.redact import find_identifiers

PLAIN_TEXT_SUFFIXES = (".txt", ".md", ".markdown")
IDENTIFIERS_HELP = (
    "known identifiers, one per line; optionally prefixed with their kind: 'name:', 'dob:', 'address:', "
    "'school:', 'record:', 'other:', or 'pseudonym:' for the child's pseudonym, which is never reported. "
    "Without a prefix the kind is inferred: a date is a date of birth; school, nursery, academy or college "
    "words make a school; a house number and street word or a postcode an address; a code mostly of digits "
    "a record number; anything else a name."
)


def read_identifiers(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def read_document(path: str) -> str:
    """The text to check: a plain-text file exactly as read (so offsets index it), any other file as extracted."""
    if path.lower().endswith(PLAIN_TEXT_SUFFIXES):
        extract_path(path)  # the same type, size and encoding checks as every other file
        return Path(path).read_bytes().decode("utf-8-sig")
    return extract_path(path).text


class Command(BaseCommand):
    help = (
        "List every hit of a known identifier or personal-data pattern (postcode, NHS number, NI number, "
        "date, phone, email, names with a title) in a document, without touching the database. "
        "Exit 0 when there is no hit, 1 when there are hits, 2 on bad input."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="document to check (PDF, HTML, DOCX, TXT, MD)")
        parser.add_argument("--identifiers", required=True, metavar="FILE", help=IDENTIFIERS_HELP)
        parser.add_argument("--json", action="store_true", help="print a JSON array of hits")

    def handle(self, *args, **opts):
        problems: list[str] = []
        text = None
        identifiers: list[str] = []
        try:
            text = read_document(opts["file"])
        except ReadError as exc:
            problems.append(f"{opts['file']}: {exc}")
        except UnicodeDecodeError as exc:
            problems.append(f"{opts['file']}: not UTF-8 text ({exc.reason} at byte {exc.start})")
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
            contract = [{key: hit[key] for key in ("start", "end", "text", "kind", "matched")} for hit in hits]
            self.stdout.write(json.dumps(contract, ensure_ascii=False, indent=2))
        else:
            for hit in hits:
                self.stdout.write(
                    f"{hit['start']}-{hit['end']} {hit['kind']} ({hit['severity']}): {hit['text']!r} (matched {hit['matched']!r})"
                )
            self.stdout.write(f"{len(hits)} hit(s)")
        if hits:
            raise SystemExit(1)
