"""`casereview restore PATH [--force]`: put a backup's database and files back, after checking it all."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db.utils import OperationalError

from casereview.core.backup import restore_backup, verify_backup
from casereview.core.refusals import Refused


class Command(BaseCommand):
    help = (
        "Restore a backup made by `casereview backup`: first check it whole (manifest, SHA-256 of every file "
        "and of the database file, SQLite integrity check or pg_restore's reading of the archive, migrations "
        "this version knows); refuse a database holding any partnership, user or audit event unless --force; "
        "replace the database in one transaction and the file folders by renames; then count rows and check "
        "files against the manifest. Stop the service first. Exit 0 when restored and verified; 2 when "
        "anything is wrong (every problem on stderr; nothing changed when the checks before restoring fail)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="the backup folder (holds manifest.json)")
        parser.add_argument("--force", action="store_true", help="replace a database that is not empty")
        parser.add_argument("--check", action="store_true", help="only check the backup; change nothing")
        parser.add_argument("--json", action="store_true", help="print a summary as JSON")

    def handle(self, *args, **opts):
        path = Path(opts["path"]).expanduser().absolute()
        try:
            if opts["check"]:
                manifest, problems = verify_backup(path)
                if problems:
                    raise Refused(f"{path}: {len(problems)} problem(s)", problems=problems)
                seconds, warnings = None, []
            else:
                outcome = restore_backup(path=path, force=opts["force"])
                manifest, seconds, warnings = outcome.manifest, round(outcome.seconds, 2), outcome.warnings
        except OperationalError as exc:
            self.stderr.write(f"cannot use the database: {str(exc).strip().splitlines()[-1]}; check DATABASE_URL "
                              "(or CASEREVIEW_DATA_DIR for SQLite) and that the database exists")
            raise SystemExit(2)
        except Refused as exc:
            for line in [exc.message, *[p for p in exc.problems if p != exc.message]]:
                self.stderr.write(line)
            raise SystemExit(2)
        for line in warnings:
            self.stderr.write(f"warning: {line}")
        summary = {
            "path": str(path), "created_at": manifest["created_at"], "vendor": manifest["database"]["vendor"],
            "tables": len(manifest["tables"]), "rows": sum(manifest["tables"].values()),
            "files": len(manifest["files"]), "restored": not opts["check"], "seconds": seconds,
        }
        if opts["json"]:
            self.stdout.write(json.dumps(summary))
        elif opts["check"]:
            self.stdout.write(f"Backup {path} is intact: made {summary['created_at']}, {summary['tables']} tables, "
                              f"{summary['rows']} rows, {summary['files']} files, every checksum matches.")
        else:
            self.stdout.write(f"Restored {path} (made {summary['created_at']}): {summary['tables']} tables and "
                              f"{summary['rows']} rows counted, {summary['files']} files checked; all match the "
                              f"manifest. {seconds} s.")
