"""`casereview extract FILE... --json`: parse briefings with the text engine, never the database.

Prints one JSON object per file in a JSON array, exactly as DESIGN.md specifies. When
any file cannot be read, nothing is printed on stdout: every bad file is listed on
stderr (one line each, naming the file and the reason) and the exit status is 2.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from casereview.text.extract import Extracted, ReadError, extract_path


class Command(BaseCommand):
    help = (
        "Extract title, review type, partnership, the child's pseudonym, age and outcome, learning points and "
        "recommendations (with theme ids) from briefings (PDF, HTML, DOCX, TXT, MD) without touching the database."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="briefing or report files")
        parser.add_argument("--json", action="store_true", help="print a JSON array, one object per file")
        parser.add_argument("--max-mb", type=float, default=None, help="refuse files larger than this (default 50)")

    def handle(self, *args, **opts):
        max_bytes = int(opts["max_mb"] * 1_048_576) if opts["max_mb"] else None
        results: list[Extracted] = []
        problems: list[str] = []
        for name in opts["files"]:
            try:
                results.append(extract_path(name, max_bytes=max_bytes))
            except ReadError as exc:
                problems.append(f"{name}: {exc}")
        if problems:
            # All or nothing: a script must never mistake a partial array for the whole.
            for line in problems:
                self.stderr.write(line)
            raise SystemExit(2)
        if opts["json"]:
            self.stdout.write(json.dumps([result.as_json() for result in results], ensure_ascii=False, indent=2))
            return
        for result in results:
            self._write_summary(result)

    def _write_summary(self, result: Extracted) -> None:
        self.stdout.write(f"{result.source}: {result.title or '(no title)'}")
        self.stdout.write(
            f"  type: {result.review_type or '-'}  partnership: {result.partnership or '-'}  "
            f"child: {result.pseudonym or '-'}, {result.age or '-'}, {result.outcome or '-'}"
        )
        for label, items in (("learning point", result.learning_points), ("recommendation", result.recommendations)):
            for number, item in enumerate(items, start=1):
                themes = ", ".join(tag.theme for tag in item.themes) or "no theme"
                self.stdout.write(f"  {label} {number} [{themes}]: {item.text}")
