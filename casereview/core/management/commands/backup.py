"""`casereview backup PATH`: the whole database and every stored file, with a manifest."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db.utils import OperationalError
from django.utils import timezone

from casereview.core.backup import create_backup
from casereview.core.refusals import Refused


class Command(BaseCommand):
    help = (
        "Back up the whole database (SQLite: online backup API, safe while the service runs; PostgreSQL: "
        "pg_dump custom format from one consistent snapshot) and every stored file (uploads and the private "
        "folder) into a new folder PATH, with manifest.json: created_at, database, latest migration per app, "
        "rows per table, size and SHA-256 of every file. The folder appears only when the backup is complete. "
        "Exit 0 when written; 2 when PATH exists or the database cannot be copied (nothing is left at PATH). "
        "See docs/operations.md for a schedule and retention."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="a new folder to write the backup into (must not exist, or be empty)")
        parser.add_argument("--json", action="store_true", help="print the manifest's summary as JSON")

    def handle(self, *args, **opts):
        try:
            outcome = create_backup(path=Path(opts["path"]), now=timezone.now())
        except OperationalError as exc:
            self.stderr.write(f"cannot use the database: {str(exc).strip().splitlines()[-1]}; check DATABASE_URL "
                              "(or CASEREVIEW_DATA_DIR for SQLite) and that the database exists")
            raise SystemExit(2)
        except Refused as exc:
            for line in exc.problems:
                self.stderr.write(line)
            raise SystemExit(2)
        for line in outcome.warnings:
            self.stderr.write(f"warning: {line}")
        summary = {
            "path": str(outcome.path), "vendor": outcome.manifest["database"]["vendor"],
            "tables": len(outcome.manifest["tables"]), "rows": outcome.rows,
            "files": len(outcome.manifest["files"]), "file_bytes": outcome.file_bytes,
            "seconds": round(outcome.seconds, 2),
        }
        if opts["json"]:
            self.stdout.write(json.dumps(summary))
            return
        self.stdout.write(
            f"Backup written to {summary['path']}: {summary['vendor']} database, {summary['tables']} tables, "
            f"{summary['rows']} rows; {summary['files']} files ({summary['file_bytes']} bytes); "
            f"{summary['seconds']} s."
        )
