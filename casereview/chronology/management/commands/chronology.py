"""`casereview chronology merge FILE... --json`: merge agency chronologies without the database.

A reviewer with only the agencies' spreadsheets can build the integrated
chronology. The contract (DESIGN.md): exit 0 and print
`{"entries", "possible_duplicates", "gaps"}`; on any bad file exit 2, print
every problem on stderr (one per line: file, row, column, reason) and nothing
on stdout. The command uses only the Django-free engine and never opens a
database connection.
"""

from __future__ import annotations

import argparse
import json
import sys

from django.core.management.base import BaseCommand, DjangoHelpFormatter

from casereview.chronology.engine import resources as R
from casereview.chronology.engine.headers import MappingError, parse_mapping
from casereview.chronology.engine.imports import Entry, Problem, import_file
from casereview.chronology.engine.merge import Merged, merge


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option order, with the subcommand's own help kept as laid out in the epilog."""


class Command(BaseCommand):
    help = "Agency chronologies: `merge` builds the integrated chronology from CSV/XLSX files, without the database."
    # Nothing here needs the database or the system checks; a reviewer's laptop may have neither configured.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="{merge}")
        merge_parser = subcommands.add_parser(
            "merge",
            help="merge agency chronologies (CSV, XLSX) into one, in date order",
            description=(
                "Merge agency chronologies (CSV, XLSX) into the integrated chronology: date order "
                "(precision-aware, stable by file then row), gaps in contact, possible cross-agency "
                "duplicates (flagged, never removed). Dates are read day first (03/04/2019 is 3 April). "
                "Exit 2, listing every problem, if any file has a bad row."
            ),
        )
        merge_parser.add_argument("files", nargs="+", metavar="FILE", help="agency chronology files (.csv, .xlsx)")
        merge_parser.add_argument("--json", action="store_true", help="print JSON (entries, possible_duplicates, gaps)")
        merge_parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COL=FIELD",
            help=f"map a column to a field, for headers not recognised (fields: {', '.join(R.MAPPABLE_FIELDS)}); repeatable",
        )
        merge_parser.add_argument(
            "--gap-days",
            type=int,
            default=R.DEFAULT_GAP_DAYS,
            metavar="N",
            help=f"report stretches with no contact longer than N days (default {R.DEFAULT_GAP_DAYS})",
        )
        merge_parser.add_argument(
            "--agency",
            metavar="NAME",
            help="agency for rows of files with no agency column (default: each file's name)",
        )
        merge_parser.add_argument("--sheet", metavar="NAME", help="XLSX sheet to read (default: the first)")
        merge_parser.add_argument(
            "--threshold",
            type=float,
            default=R.DEFAULT_DUPLICATE_THRESHOLD,
            metavar="SCORE",
            help=f"text similarity (0-100) for possible duplicates (default {R.DEFAULT_DUPLICATE_THRESHOLD:g})",
        )
        # `casereview chronology --help` (and the generated CLI reference) shows merge's options too.
        parser.formatter_class = _HelpFormatter
        parser.epilog = "subcommand merge:\n\n" + merge_parser.format_help()

    def _fail(self, lines: list[str]) -> None:
        for line in lines:
            self.stderr.write(line)
        self.stderr.flush()
        sys.exit(2)

    def handle(self, *args, **opts):
        if opts["subcommand"] == "merge":
            self.merge(opts)

    def merge(self, opts) -> None:
        try:
            mapping = parse_mapping(opts["map"])
        except MappingError as exc:
            self._fail([f"--map: {exc}"])
        if opts["gap_days"] < 0:
            self._fail(["--gap-days: must be 0 or more"])
        if not 0 <= opts["threshold"] <= 100:
            self._fail(["--threshold: must be between 0 and 100"])

        entries: list[Entry] = []
        problems: list[Problem] = []
        for path in opts["files"]:
            result = import_file(path, sheet=opts["sheet"], mapping=mapping, agency=opts["agency"])
            entries.extend(result.entries)
            problems.extend(result.problems)
        if problems:
            self._fail([p.line() for p in problems])

        merged = merge(entries, gap_days=opts["gap_days"], duplicate_threshold=opts["threshold"])
        if opts["json"]:
            self.stdout.write(json.dumps(merged.as_json(), ensure_ascii=False))
        else:
            self._write_text(merged)

    def _write_text(self, merged: Merged) -> None:
        for number, (entry, interval) in enumerate(zip(merged.entries, merged.intervals, strict=True)):
            when = entry.date.label() + (f" {entry.time}" if entry.time else "")
            gap = "" if interval is None else f"+{interval}d"
            self.stdout.write(f"{number:>5}  {when:<22} {gap:>7}  {entry.agency}: {entry.event}")
        for i, j in merged.possible_duplicates:
            self.stdout.write(f"possible duplicate: {i} and {j}")
        for gap in merged.gaps:
            self.stdout.write(f"gap: {gap.days} days with no contact, {gap.start:%d/%m/%Y} to {gap.end:%d/%m/%Y}")
