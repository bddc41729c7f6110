"""`casereview remind`: run daily from cron; e-mail agencies about requests falling due or missed."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from casereview.core.commands import parse_today
from casereview.reviews.reminders import reminder_working_days, send_reminders


class Command(BaseCommand):
    help = (
        "E-mail each agency's contributors about its outstanding requests: once CASEREVIEW_REMINDER_WORKING_DAYS "
        "working days (default 3) before the due date, and once when the due date has passed. The e-mails are "
        "sent by `casereview worker`. Idempotent: each reminder is queued once per request and due date, so a "
        "second run on the same day sends nothing. "
        "Cron: 0 7 * * * casereview remind"
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to remind on (YYYY-MM-DD; default: today)")
        parser.add_argument("--json", action="store_true", help="print the reminders as a JSON array")

    def handle(self, *args, **opts):
        today = parse_today(opts["today"])
        reminders = send_reminders(today=today, now=timezone.now())
        if opts["json"]:
            self.stdout.write(json.dumps([r.as_json() for r in reminders], indent=2))
        else:
            for r in reminders:
                self.stdout.write(f"{r.reference} {r.agency}: {r.item} due {r.due_date:%d/%m/%Y} "
                                  f"({r.kind}): {r.outcome}" + (f" to {r.recipients}" if r.recipients else ""))
            queued = sum(r.outcome == "queued" for r in reminders)
            self.stdout.write(f"{queued} reminder(s) queued for e-mail on {today:%d/%m/%Y} "
                              f"({reminder_working_days()} working days' notice).")
        unreachable = [r for r in reminders if r.outcome == "no one to e-mail"]
        if unreachable:
            self.stderr.write(f"{len(unreachable)} reminder(s) not sent: the agency has no contributor with an "
                              "e-mail address (" + ", ".join(sorted({r.agency for r in unreachable})) + ").")
