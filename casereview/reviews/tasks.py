"""Background jobs of reviews (run by `casereview worker`; see core/jobs.py)."""

from __future__ import annotations

from django.utils import timezone

from casereview.core.jobs import task
from casereview.reviews import notices


@task()
def email_agency(email_id: int) -> str:
    """Send a queued request or reminder e-mail to an agency and audit it (idempotent per message)."""
    return notices.deliver_agency_email(email_id, now=timezone.now())
