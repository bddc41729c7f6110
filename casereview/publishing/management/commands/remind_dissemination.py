"""`casereview remind_dissemination`: run daily from cron; remind silent agencies, once each, to record briefing use."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from casereview.core import outbox
from casereview.core.commands import parse_today
from casereview.core.tasks import send_email
from casereview.publishing.services import remind_silent_agencies


class Command(BaseCommand):
    help = (
        "E-mail the agency contributors of every agency that took part in a review and has recorded no use of "
        "its published briefing CASEREVIEW_DISSEMINATION_REMINDER_WEEKS weeks (default 6) after publication. "
        "Each agency is reminded once about each briefing, however often this runs; `casereview worker` sends the "
        "e-mails. "
        "Cron: 30 7 * * * casereview remind_dissemination"
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to remind on (YYYY-MM-DD; default: today)")

    def handle(self, *args, **opts):
        today = parse_today(opts["today"])
        weeks = settings.CASEREVIEW_DISSEMINATION_REMINDER_WEEKS
        queued = 0

        def queue(reminder, people) -> None:
            # Queued in the reminder's own transaction and under its id: it is sent once however often this
            # runs, and a crash cannot record a reminder without its e-mail (a background job sends it and
            # tries again if the mail server refuses it).
            nonlocal queued
            addresses = [p.email for p in people if p.email]
            if not addresses:
                self.stderr.write(f"{reminder.agency.name} has no agency contributor with an e-mail address: "
                                  f"reminder about {reminder.briefing.review.reference} recorded, not sent.")
                return
            context = {"briefing": reminder.briefing, "agency": reminder.agency,
                       "service_name": settings.CASEREVIEW_SERVICE_NAME,
                       "record_path": reverse("publishing:record_use", args=[reminder.briefing.pk])}
            subject = (f"Please record how {reminder.agency.name} used the {reminder.briefing.get_kind_display().lower()} "
                       f"for {reminder.briefing.review.reference}")
            queued += outbox.queue_email(
                key=f"publishing.dissemination:{reminder.pk}", to=addresses, subject=subject, now=timezone.now(),
                body=render_to_string("publishing/dissemination_reminder.txt", context), task=send_email) is not None

        recorded = remind_silent_agencies(today=today, now=timezone.now(), weeks=weeks, notify=queue)
        self.stdout.write(f"{len(recorded)} reminder(s) recorded on {today:%d/%m/%Y} "
                          f"(briefings published {weeks} or more weeks ago); {queued} e-mail(s) queued.")
