"""Permissioned reads of the audit log."""

from __future__ import annotations

from django.db.models import QuerySet

from casereview.audit.models import AuditEvent
from casereview.core.access import require


def access_audit_log(user, *, action: str = "", object_type: str = "", actor: str = "", object_id: str = "") -> QuerySet[AuditEvent]:
    """Audit events a user may read (admins and auditors), newest first, filtered."""
    require(user, "audit.view")
    events = AuditEvent.objects.select_related("actor")
    if action:
        events = events.filter(action__icontains=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    return events
