"""`casereview deadlines`: statutory due dates, as DESIGN.md specifies."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from casereview.core.calendar import CALENDARS, statutory_deadlines


def _iso_date(flag: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{flag} {value!r}: not a date; use YYYY-MM-DD, e.g. 2026-12-21", returncode=2) from None


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
        aware = _iso_date("--aware", opts["aware"])
        notified = _iso_date("--notified", opts["notified"])
        decided = _iso_date("--decided", opts["decided"])
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
