"""Core's background job: deliver a queued e-mail that needs nothing done afterwards (core/outbox.py)."""

from __future__ import annotations

from django.utils import timezone

from casereview.core import outbox
from casereview.core.jobs import task


@task()
def send_email(email_id: int) -> str:
    """Send one queued e-mail (escalations, dissemination reminders); idempotent per message."""
    return outbox.deliver(email_id, now=timezone.now(), task=send_email)[0]
