"""`casereview cleanup_uploads`: remove chronology uploads nobody finished mapping. For cron; idempotent."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from casereview.chronology.services import remove_abandoned_uploads


class Command(BaseCommand):
    help = (
        "Remove chronology uploads waiting for a column mapping once they expire "
        "(CASEREVIEW_PENDING_UPLOAD_HOURS after upload, default 24), rows whose file is gone, and files "
        "in the private pending folder that belong to no upload. Safe to run as often as you like (cron: hourly)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help='print {"expired", "missing_file", "orphan_files"} counts')

    def handle(self, *args, **opts):
        removed = remove_abandoned_uploads(now=timezone.now())
        if opts["json"]:
            self.stdout.write(json.dumps(removed))
            return
        self.stdout.write(
            f"Removed {removed['expired']} expired upload(s), {removed['missing_file']} with no file, "
            f"and {removed['orphan_files']} orphan file(s)."
        )
