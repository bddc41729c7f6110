"""`casereview escalate`: run daily from cron; escalate each drifting action one rung and email it."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils import timezone

from casereview.actions.services import escalate_drifting
from casereview.core.commands import parse_today


class Command(BaseCommand):
    help = (
        "Record an escalation at the next level (action owner, agency lead, partnership business manager, "
        "lead safeguarding partners) for every drifting action, and email it. Idempotent: a second run on "
        "the same day records nothing new. Cron: 15 7 * * * casereview escalate"
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to escalate on (YYYY-MM-DD; default: today)")

    def handle(self, *args, **opts):
        today = parse_today(opts["today"])
        recorded = escalate_drifting(today=today, now=timezone.now())
        failed = 0
        # Emails go after each escalation has committed, so a mail outage never loses the record.
        for escalation, people in recorded:
            addresses = [p.email for p in people if p.email]
            if not addresses:
                continue
            context = {"escalation": escalation, "action": escalation.action, "people": people,
                       "service_name": settings.CASEREVIEW_SERVICE_NAME}
            subject = (f"Escalation: action {escalation.action.reference} ({escalation.action.review.reference}) "
                       f"is {', '.join(escalation.reason_labels)}")
            try:
                send_mail(subject, render_to_string("actions/escalation_email.txt", context), None, addresses)
            except OSError as exc:
                failed += 1
                self.stderr.write(f"could not email escalation of {escalation.action.reference}: {exc}")
        self.stdout.write(f"{len(recorded)} escalation(s) recorded on {today:%d/%m/%Y}.")
        if failed:
            self.stderr.write(f"{failed} escalation email(s) could not be sent; the escalations are recorded.")
