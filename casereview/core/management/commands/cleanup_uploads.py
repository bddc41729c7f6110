"""`casereview cleanup_uploads`: remove stored files nobody needs any more. For cron; idempotent.

Each app registers what it keeps for a while (core.registry.register_cleanup): chronology
uploads waiting for a column mapping, report PDFs made for one person, library files held
back for their uploader's check; and evidence and agency report files that no row names (a process
killed between storing a file and committing its row).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from casereview.core.registry import run_cleanups


class Command(BaseCommand):
    help = (
        "Remove chronology uploads waiting for a column mapping once they expire "
        "(CASEREVIEW_PENDING_UPLOAD_HOURS after upload, default 24), rows whose file is gone, and files "
        "in the private pending folder that belong to no upload; report PDFs made more than "
        "CASEREVIEW_REPORT_FILE_HOURS ago (default 24); library files held back for a check their uploader "
        "has not made within CASEREVIEW_HELD_UPLOAD_DAYS (default 14); evidence and agency report files no row "
        "names, written over an hour ago. Safe to run as often as you like (cron: hourly)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help='print {"expired", "missing_file", "orphan_files", '
                                                                '"report_files", "held_files", "evidence_orphans", "document_orphans"} counts')

    def handle(self, *args, **opts):
        removed = run_cleanups(timezone.now())
        if opts["json"]:
            self.stdout.write(json.dumps(removed))
            return
        self.stdout.write(
            f"Removed {removed['expired']} expired upload(s), {removed['missing_file']} with no file, "
            f"{removed['orphan_files']} orphan file(s), {removed['report_files']} old report PDF(s), "
            f"{removed['held_files']} held library file(s) nobody checked, and "
            f"{removed['evidence_orphans']} evidence and {removed['document_orphans']} agency report file(s) "
            "that no row named."
        )
