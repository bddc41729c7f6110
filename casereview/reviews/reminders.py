"""Reminders to agencies about requests falling due (`casereview remind`, run daily from cron).

An outstanding request is reminded twice per due date: once N working days before
it (N = CASEREVIEW_REMINDER_WORKING_DAYS, counted on the partnership's calendar; a
request already inside that window is reminded at the next run, up to the due day),
and once when the due date has passed. Each reminder is claimed by inserting a
ReminderSent row whose unique constraint (request, kind, due date) lets only one
run queue it, as escalations are claimed. The e-mail is queued with the claim and sent by
a background job, which tries again later when the mail server refuses it (core/outbox.py).
A new due date gets new reminders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from casereview.core import calendar as wd
from casereview.reviews.models import (
    ENDED_STAGES,
    OUTSTANDING_STATUSES,
    AgencyRequest,
    ReminderKind,
    ReminderSent,
)
from casereview.reviews.notices import agency_contacts, queue_reminder_email


@dataclass(frozen=True)
class Reminder:
    request_id: int
    reference: str
    agency: str
    item: str
    kind: str
    due_date: dt.date
    outcome: str  # "queued" (a background job sends it), "no one to e-mail"
    recipients: int = 0

    def as_json(self) -> dict:
        return {"request": self.request_id, "review": self.reference, "agency": self.agency, "item": self.item,
                "kind": self.kind, "due_date": self.due_date.isoformat(), "outcome": self.outcome,
                "recipients": self.recipients}


def reminder_working_days() -> int:
    return max(0, int(getattr(settings, "CASEREVIEW_REMINDER_WORKING_DAYS", 3)))


def reminder_due(request: AgencyRequest, *, today: dt.date, working_days: int) -> str | None:
    """Which reminder an outstanding request needs today, if any: "overdue", "before" or None."""
    if request.due_date < today:
        return ReminderKind.OVERDUE
    calendar = request.participating_agency.review.partnership.calendar
    if request.due_date <= wd.add_working_days(today, working_days, calendar):
        return ReminderKind.BEFORE
    return None


def send_reminders(*, today: dt.date, now: dt.datetime) -> list[Reminder]:
    """Queue every reminder due on `today` that has not been queued for its request, kind and due date.

    Idempotent and safe to run twice at once (see the module docstring). Requests of
    reviews that have ended, and requests no longer outstanding, are never reminded.
    """
    working_days = reminder_working_days()
    requests = (AgencyRequest.objects.filter(status__in=OUTSTANDING_STATUSES)
                .exclude(participating_agency__review__stage__in=ENDED_STAGES)
                .select_related("participating_agency__agency", "participating_agency__review__partnership")
                .order_by("due_date", "pk"))
    out = []
    for request in requests:
        kind = reminder_due(request, today=today, working_days=working_days)
        if kind is None or ReminderSent.objects.filter(request=request, kind=kind, due_date=request.due_date).exists():
            continue
        out.append(_remind(request, kind=kind, today=today, now=now))
    return [r for r in out if r is not None]


def _remind(request: AgencyRequest, *, kind: str, today: dt.date, now: dt.datetime) -> Reminder | None:
    review, agency = request.participating_agency.review, request.participating_agency.agency
    result = dict(request_id=request.pk, reference=review.reference, agency=str(agency),
                  item=request.get_item_display(), kind=kind, due_date=request.due_date)
    recipients = agency_contacts(agency)
    if not recipients:
        # Not claimed: once the agency has someone to tell, the next run tells them.
        return Reminder(**result, outcome="no one to e-mail")
    try:
        with transaction.atomic():
            # The claim and the queued e-mail commit together: a job sends it (and audits it) once.
            claim = ReminderSent.objects.create(request=request, kind=kind, due_date=request.due_date, sent_on=today,
                                                recipients=len(recipients))
            queue_reminder_email(request, recipients, kind=kind, today=today, claim_id=claim.pk, now=now)
    except IntegrityError:
        return None  # another run claimed it first
    return Reminder(**result, outcome="queued", recipients=len(recipients))
