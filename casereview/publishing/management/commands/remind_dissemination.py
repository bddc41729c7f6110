"""`casereview remind_dissemination`: run daily from cron; remind silent agencies, once each, to record briefing use."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from casereview.core.commands import parse_today
from casereview.publishing.services import remind_silent_agencies


class Command(BaseCommand):
    help = (
        "E-mail the agency contributors of every agency that took part in a review and has recorded no use of "
        "its published briefing CASEREVIEW_DISSEMINATION_REMINDER_WEEKS weeks (default 6) after publication. "
        "Each agency is reminded once about each briefing, however often this runs. "
        "Cron: 30 7 * * * casereview remind_dissemination"
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to remind on (YYYY-MM-DD; default: today)")

    def handle(self, *args, **opts):
        today = parse_today(opts["today"])
        weeks = settings.CASEREVIEW_DISSEMINATION_REMINDER_WEEKS
        recorded = remind_silent_agencies(today=today, now=timezone.now(), weeks=weeks)
        failed = 0
        # E-mails go after each reminder has committed, so a mail outage never sends one twice.
        for reminder, people in recorded:
            addresses = [p.email for p in people if p.email]
            if not addresses:
                self.stderr.write(f"{reminder.agency.name} has no agency contributor with an e-mail address: "
                                  f"reminder about {reminder.briefing.review.reference} recorded, not sent.")
                continue
            context = {"briefing": reminder.briefing, "agency": reminder.agency,
                       "service_name": settings.CASEREVIEW_SERVICE_NAME,
                       "record_path": reverse("publishing:record_use", args=[reminder.briefing.pk])}
            subject = (f"Please record how {reminder.agency.name} used the {reminder.briefing.get_kind_display().lower()} "
                       f"for {reminder.briefing.review.reference}")
            try:
                send_mail(subject, render_to_string("publishing/dissemination_reminder.txt", context), None, addresses)
            except OSError as exc:
                failed += 1
                self.stderr.write(f"could not e-mail the reminder to {reminder.agency.name}: {exc}")
        self.stdout.write(f"{len(recorded)} reminder(s) recorded on {today:%d/%m/%Y} "
                          f"(briefings published {weeks} or more weeks ago).")
        if failed:
            self.stderr.write(f"{failed} reminder e-mail(s) could not be sent; the reminders are recorded.")
