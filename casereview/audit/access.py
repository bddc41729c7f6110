"""Permissioned reads of the audit log."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q, QuerySet

from casereview.audit.models import AuditEvent
from casereview.core.access import require


def access_audit_log(user, *, action: str = "", object_type: str = "", actor: str = "", object_id: str = "") -> QuerySet[AuditEvent]:
    """Audit events a user may read (admins and auditors of a partnership), newest first, filtered.

    Each reads their own partnership's events. Events without a partnership (recorded
    before events carried one, or system events about no partnership) are shown only
    while the deployment has a single partnership, where they can be nobody else's.
    """
    require(user, "audit.view")
    own = Q(partnership_id=user.partnership_id)
    if apps.get_model("accounts", "Partnership").objects.count() == 1:
        own |= Q(partnership__isnull=True)
    events = AuditEvent.objects.select_related("actor").filter(own)
    if action:
        events = events.filter(action__icontains=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    return events
