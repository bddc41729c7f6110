"""`casereview escalate`: run daily from cron; escalate each drifting action one rung and email it."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils import timezone

from casereview.actions.services import escalate_drifting
from casereview.core import outbox
from casereview.core.commands import parse_today
from casereview.core.tasks import send_email


class Command(BaseCommand):
    help = (
        "Record an escalation at the next level (action owner, agency lead, partnership business manager, "
        "lead safeguarding partners) for every drifting action, and email it. Idempotent: a second run on "
        "the same day records nothing new. The e-mails are sent by `casereview worker`. Cron: 15 7 * * * casereview escalate"
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to escalate on (YYYY-MM-DD; default: today)")

    def handle(self, *args, **opts):
        today = parse_today(opts["today"])
        queued = 0

        def queue(escalation, people) -> None:
            # Queued in the escalation's own transaction and under its id: it is sent once however often
            # this runs, and a crash cannot record an escalation without its e-mail (a background job
            # sends it and tries again if the mail server refuses it).
            nonlocal queued
            addresses = [p.email for p in people if p.email]
            if not addresses:
                return
            context = {"escalation": escalation, "action": escalation.action, "people": people,
                       "service_name": settings.CASEREVIEW_SERVICE_NAME}
            subject = (f"Escalation: action {escalation.action.reference} ({escalation.action.review.reference}) "
                       f"is {', '.join(escalation.reason_labels)}")
            queued += outbox.queue_email(
                key=f"actions.escalation:{escalation.pk}", to=addresses, subject=subject, now=timezone.now(),
                body=render_to_string("actions/escalation_email.txt", context), task=send_email) is not None

        recorded = escalate_drifting(today=today, now=timezone.now(), notify=queue)
        self.stdout.write(f"{len(recorded)} escalation(s) recorded on {today:%d/%m/%Y}; {queued} e-mail(s) queued.")
