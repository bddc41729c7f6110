"""`casereview deadlines`: statutory due dates, as DESIGN.md specifies."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from casereview.core.calendar import CALENDARS, statutory_deadlines
from casereview.core.commands import iso_date


class Command(BaseCommand):
    help = (
        "Statutory due dates. The start day is day 0; the due date is the Nth working day after it "
        "(notification: 5 after awareness; rapid review: 15 after notification, or after the notification due "
        "date when --notified is not given); the LCSPR target is N calendar months after --decided."
    )

    def add_arguments(self, parser):
        parser.add_argument("--aware", required=True, help="date the local authority became aware (YYYY-MM-DD)")
        parser.add_argument("--notified", help="date the national panel was notified (YYYY-MM-DD)")
        parser.add_argument("--decided", help="date of the decision to hold an LCSPR (YYYY-MM-DD)")
        parser.add_argument("--calendar", choices=sorted(CALENDARS), default=None,
                            help="bank holidays to use (default: CASEREVIEW_CALENDAR, england-and-wales)")
        parser.add_argument("--lcspr-months", type=int, default=None,
                            help="LCSPR target in calendar months (default: CASEREVIEW_LCSPR_TARGET_MONTHS, 6)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **opts):
        aware = iso_date("--aware", opts["aware"])
        notified = iso_date("--notified", opts["notified"])
        decided = iso_date("--decided", opts["decided"])
        if notified and aware and notified < aware:
            raise CommandError("--notified is before --aware: the panel cannot be notified before awareness", returncode=2)
        months = opts["lcspr_months"] or settings.CASEREVIEW_LCSPR_TARGET_MONTHS
        if months < 1:
            raise CommandError("--lcspr-months must be at least 1", returncode=2)
        result = statutory_deadlines(
            aware=aware, notified=notified, decided=decided,
            calendar=opts["calendar"] or settings.CASEREVIEW_CALENDAR, lcspr_months=months,
        ).as_json()
        if opts["json"]:
            self.stdout.write(json.dumps(result))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key.replace('_', ' ')}: {value or '-'}")
