"""E-mails to agencies about their requests: a new request, and reminders (`casereview remind`).

E-mails are queued in the transaction that decides them and sent by a background job
(core/outbox.py: once per key, retried when the mail server refuses). E-mails name the review by reference only and never carry the note to the agency
or anything the review holds: the agency signs in to read them. Each e-mail sent
is audited (who it went to, never what the note said).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from casereview.accounts.models import Agency, User
from casereview.audit.services import record_event
from casereview.core import outbox
from casereview.core.roles import Role
from casereview.reviews.models import AgencyRequest, ReminderKind

logger = logging.getLogger(__name__)


def agency_contacts(agency: Agency) -> list[User]:
    """The people who receive an agency's requests: its active contributors (in its partnership) with an e-mail address."""
    return list(User.objects.filter(is_active=True, role=Role.AGENCY_CONTRIBUTOR, agency=agency,
                                    partnership_id=agency.partnership_id).exclude(email="").order_by("username"))


def _context(request: AgencyRequest, **extra) -> dict:
    review = request.participating_agency.review
    item = request.get_item_display()
    return {"request": request, "item": item, "item_phrase": item[:1].lower() + item[1:],
            "agency": request.participating_agency.agency,
            "reference": review.reference, "due_date": request.due_date,
            "service_name": settings.CASEREVIEW_SERVICE_NAME, **extra}


def queue_request_email(request: AgencyRequest, recipients: Sequence[User], *, by, now: dt.datetime) -> None:
    """Queue the e-mail of a new request to `recipients`, in the caller's transaction: it is sent by a
    background job (reviews.tasks.email_agency) once the request is committed, and audited when sent."""
    if not recipients:
        return
    context = _context(request)
    subject = f"{context['item']} requested for review {context['reference']}, due {request.due_date:%d %B %Y}"
    outbox.queue_email(
        key=f"reviews.request:{request.pk}:{request.due_date.isoformat()}", to=[u.email for u in recipients],
        subject=subject, body=render_to_string("reviews/email/request_new.txt", context), now=now,
        task=_task(), context={"kind": "request", "request": request.pk, "by": getattr(by, "pk", None),
                               "recipients": [u.username for u in recipients]})


def queue_reminder_email(request: AgencyRequest, recipients: Sequence[User], *, kind: str, today: dt.date,
                         claim_id: int, now: dt.datetime) -> None:
    """Queue one reminder (kind "before" or "overdue") under its claim (a ReminderSent row), in the caller's
    transaction; sent and audited by a background job."""
    context = _context(request, kind=kind, days_left=(request.due_date - today).days, today=today)
    if kind == "overdue":
        subject = f"Overdue: {context['item']} for review {context['reference']} was due {request.due_date:%d %B %Y}"
    else:
        subject = f"Reminder: {context['item']} for review {context['reference']} is due {request.due_date:%d %B %Y}"
    outbox.queue_email(
        key=f"reviews.reminder:{claim_id}", to=[u.email for u in recipients], subject=subject,
        body=render_to_string("reviews/email/reminder.txt", context), now=now, task=_task(),
        context={"kind": "reminder", "request": request.pk, "reminder": kind, "due_date": request.due_date,
                 "recipients": [u.username for u in recipients]})


def _task():
    from casereview.reviews.tasks import email_agency

    return email_agency


def deliver_agency_email(email_id: int, *, now: dt.datetime) -> str:
    """The job: send a queued request or reminder e-mail and audit what happened (who it went to, never
    what the note said). Nothing is audited again for a message already sent."""
    outcome, email = outbox.deliver(email_id, now=now, task=_task())
    if email is None or outcome == outbox.ALREADY_SENT:
        return outcome
    facts = email.context
    request = AgencyRequest.objects.select_related("participating_agency__review", "participating_agency__agency") \
        .filter(pk=facts.get("request")).first()
    if request is None:
        return outcome
    review, agency = request.participating_agency.review, request.participating_agency.agency
    sent, count = outcome == outbox.SENT, len(facts.get("recipients", []))
    with transaction.atomic():
        if facts.get("kind") == "reminder":
            kind = ReminderKind(facts["reminder"])
            record_event(actor=None, action="reviews.reminder_sent" if sent else "reviews.reminder_email_failed",
                         target=review, now=now,
                         summary=(f"{kind.label} reminder {'e-mailed' if sent else 'could not be e-mailed'} to "
                                  f"{count} contributor(s) of {agency}: {request.get_item_display()} due "
                                  f"{request.due_date:%d %B %Y}" + ("" if sent else f" ({_retry_note(outcome)})")),
                         changes={"request": request.pk, "kind": kind.value, "due_date": facts.get("due_date"),
                                  "recipients": facts.get("recipients", [])})
        else:
            by = User.objects.filter(pk=facts.get("by")).first()
            record_event(actor=by, action="reviews.request_emailed" if sent else "reviews.request_email_failed",
                         target=review, now=now,
                         summary=(f"{'E-mailed' if sent else 'Could not e-mail'} the request for "
                                  f"{request.get_item_display()} to {count} contributor(s) of {agency}"
                                  + ("" if sent else f" ({_retry_note(outcome)})")),
                         changes={"request": request.pk, "recipients": facts.get("recipients", [])})
    return outcome


def _retry_note(outcome: str) -> str:
    return "it will be tried again later" if outcome == outbox.RETRYING else "no more attempts will be made"
