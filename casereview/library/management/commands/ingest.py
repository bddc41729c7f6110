"""`casereview ingest PATH...`: add briefings and reports to the learning library."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from casereview.library.manifest import ManifestError, read_manifest
from casereview.library.services import MEDIA_TYPES, ingest_file

SUFFIXES = frozenset(MEDIA_TYPES)


def collect(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files named or found (recursively) under folders, and problems with the paths themselves."""
    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"{raw}: no such file or folder")
    return files, problems


class Command(BaseCommand):
    help = (
        "Ingest briefings and reports (PDF, HTML, DOCX, TXT, MD) into the learning library. Folders are searched "
        "recursively. The same file twice changes nothing; another rendering of a review already in the library "
        "is added to it as a further source. A file that cannot be read is reported and the rest carry on. "
        "With --manifest, a CSV (columns file, source_url, partnership, publication_date, review_type; file "
        "paths relative to the manifest) lists the files and the metadata to trust over what is extracted; the "
        "manifest is checked first and, if any row is wrong, every problem is listed and nothing is stored. "
        "Running the same manifest again changes nothing. "
        "Exit status: 0 when every file was fine, 2 when any failed (one line per failure on stderr)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to ingest")
        parser.add_argument("--manifest", metavar="FILE.csv",
                            help="a CSV listing the files of a collection with their source URL, partnership, "
                                 "publication date (14/03/2019 or 2019-03-14) and review type")
        parser.add_argument("--no-progress", action="store_true", help="do not show the progress bar")

    def handle(self, *args, **opts):
        # trafilatura logs its own warnings for pages it rejects; the per-file error line already says why.
        logging.getLogger("trafilatura").setLevel(logging.ERROR)
        if bool(opts["paths"]) == bool(opts["manifest"]):
            self._fail(["give files or folders to ingest, or --manifest FILE.csv (not both)"])
        if opts["manifest"]:
            try:
                rows = read_manifest(Path(opts["manifest"]))
            except ManifestError as exc:
                self._fail(exc.problems)
            jobs = [(row.path, {"metadata": row.metadata(), "source_url": row.source_url}) for row in rows]
            problems: list[str] = []
        else:
            files, problems = collect(opts["paths"])
            jobs = [(path, {}) for path in files]
        results = []
        bar = tqdm(jobs, desc="Ingesting", unit="file", file=sys.stderr, disable=opts["no_progress"] or None)
        for path, manifest_values in bar:
            try:
                data = path.read_bytes()
            except OSError as exc:
                problems.append(f"{path}: cannot read file: {exc.strerror or exc}")
                continue
            result = ingest_file(data=data, filename=path.name, by=None, now=timezone.now(), **manifest_values)
            results.append((path, result))
            if result.failed:
                problems.append(f"{path}: {result.error}")
        self._table(results)
        if problems:
            # One line per failure and nothing else, so scripts can read stderr line by line.
            for line in problems:
                self.stderr.write(line)
            raise SystemExit(2)

    def _fail(self, problems: list[str]):
        for line in problems:
            self.stderr.write(line)
        raise SystemExit(2)

    def _table(self, results):
        rows = [("file", "result", "entry", "items", "error")]
        for path, r in results:
            rows.append((str(path), r.result, r.entry.title[:60] if r.entry else "-", str(r.items) if r.entry else "-",
                         r.error or ""))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
        counts = {}
        for _, r in results:
            counts[r.result] = counts.get(r.result, 0) + 1
        summary = ", ".join(f"{n} {name}" for name, n in sorted(counts.items())) or "no files"
        self.stdout.write(f"\n{len(results)} files: {summary}")
