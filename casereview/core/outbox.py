"""E-mails sent by background jobs, each exactly once per key.

`queue_email` (in the caller's transaction) adds the message under a unique key and
enqueues the app's delivery job; a key already queued adds nothing, so a cron command run
twice, or two runs at once, queue one message. `deliver` (in the job) claims the message
with a conditional UPDATE, sends it and marks it sent; a message already sent is never
sent again, however often its job runs. A mail server that refuses it is tried again
later (the job is enqueued again to run after a back-off) up to CASEREVIEW_EMAIL_ATTEMPTS
times. SMTP cannot be part of a transaction: a worker killed between the server accepting
the message and the row being marked sent leaves it to be sent once more on restart (at
least once, never twice otherwise).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F

from casereview.core.models import OutgoingEmail

logger = logging.getLogger(__name__)
SENT, ALREADY_SENT, RETRYING, GAVE_UP = "sent", "already sent", "retrying", "gave up"
#: Minutes to wait before the 2nd, 3rd, ... attempt.
BACKOFF_MINUTES = (1, 5, 15, 60)


def queue_email(*, key: str, to: list[str], subject: str, body: str, now: dt.datetime, task,
                context: dict | None = None) -> OutgoingEmail | None:
    """Queue one e-mail under `key` and enqueue `task(email_id)` to deliver it; None if `key` was queued before."""
    with transaction.atomic():
        email, created = OutgoingEmail.objects.get_or_create(
            key=key, defaults={"to": list(to), "subject": subject[:300], "body": body, "created_at": now,
                               "context": context or {}})
        if created:
            task.enqueue(email.pk)
    return email if created else None


def deliver(email_id: int, *, now: dt.datetime, task) -> tuple[str, OutgoingEmail | None]:
    """Send a queued e-mail unless it has been sent; on a refusal enqueue `task` again after a back-off.
    Returns what happened (SENT, ALREADY_SENT, RETRYING, GAVE_UP) and the message."""
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is None or email.sent_at is not None:
        return ALREADY_SENT, email
    # The claim: only one run gets past this for each attempt.
    if not OutgoingEmail.objects.filter(pk=email.pk, sent_at__isnull=True, attempts=email.attempts).update(
            attempts=F("attempts") + 1):
        return ALREADY_SENT, email
    email.attempts += 1
    try:
        send_mail(email.subject, email.body, None, list(email.to))
    except OSError as exc:
        email.last_error = f"{type(exc).__name__}: {exc}"[:500]
        OutgoingEmail.objects.filter(pk=email.pk).update(last_error=email.last_error)
        if email.attempts >= settings.CASEREVIEW_EMAIL_ATTEMPTS:
            logger.error("E-mail %s gave up after %s attempts: %s", email.key, email.attempts, email.last_error)
            return GAVE_UP, email
        wait = BACKOFF_MINUTES[min(email.attempts, len(BACKOFF_MINUTES)) - 1]
        task.using(run_after=now + dt.timedelta(minutes=wait)).enqueue(email.pk)
        logger.warning("E-mail %s refused (%s); trying again in %s minutes", email.key, email.last_error, wait)
        return RETRYING, email
    OutgoingEmail.objects.filter(pk=email.pk).update(sent_at=now, last_error="")
    email.sent_at = now
    return SENT, email
