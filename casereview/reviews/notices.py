"""E-mails to agencies about their requests: a new request, and reminders (`casereview remind`).

E-mails name the review by reference only and never carry the note to the agency
or anything the review holds: the agency signs in to read them. Each e-mail sent
is audited (who it went to, never what the note said).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from casereview.accounts.models import Agency, User
from casereview.audit.services import record_event
from casereview.core.roles import Role
from casereview.reviews.models import AgencyRequest

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


def send_request_email(request: AgencyRequest, recipients: Sequence[User], *, by, now: dt.datetime) -> bool:
    """E-mail a new request to `recipients` and audit it; False (logged and audited) if the mail server refused it.

    Called after the request is committed, so a mail outage never loses the request.
    """
    if not recipients:
        return False
    context = _context(request)
    subject = f"{context['item']} requested for review {context['reference']}, due {request.due_date:%d %B %Y}"
    try:
        send_mail(subject, render_to_string("reviews/email/request_new.txt", context), None, [u.email for u in recipients])
        sent = True
    except OSError:
        logger.exception("Could not e-mail request %s to %s", request.pk, request.participating_agency.agency)
        sent = False
    with transaction.atomic():
        record_event(actor=by, action="reviews.request_emailed" if sent else "reviews.request_email_failed",
                     target=request.participating_agency.review, now=now,
                     summary=(f"{'E-mailed' if sent else 'Could not e-mail'} the request for {context['item']} "
                              f"to {len(recipients)} contributor(s) of {context['agency']}"),
                     changes={"request": request.pk, "recipients": [u.username for u in recipients]})
    return sent


def send_reminder_email(request: AgencyRequest, recipients: Sequence[User], *, kind: str, today: dt.date) -> None:
    """E-mail one reminder (kind "before" or "overdue"); raises OSError if the mail server refuses it."""
    context = _context(request, kind=kind, days_left=(request.due_date - today).days, today=today)
    if kind == "overdue":
        subject = f"Overdue: {context['item']} for review {context['reference']} was due {request.due_date:%d %B %Y}"
    else:
        subject = f"Reminder: {context['item']} for review {context['reference']} is due {request.due_date:%d %B %Y}"
    send_mail(subject, render_to_string("reviews/email/reminder.txt", context), None, [u.email for u in recipients])
