"""Reads of the audit log for pages that have already checked access to the object."""

from __future__ import annotations

from django.db.models import QuerySet

from casereview.audit.models import AuditEvent


def object_history(target) -> QuerySet[AuditEvent]:
    """Events about one object (for history panels on pages already permission-checked)."""
    return AuditEvent.objects.filter(object_type=target._meta.label_lower, object_id=str(target.pk)).select_related("actor")
