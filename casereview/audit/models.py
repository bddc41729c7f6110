"""Append-only audit events.

Every service function writes one in the same transaction as its change. The
ORM refuses to update or delete audit rows (model and queryset), and database
triggers (migration 0002) refuse it below the ORM too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditImmutable(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutable("Audit events are append-only: they cannot be updated.")

    def delete(self):
        raise AuditImmutable("Audit events are append-only: they cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditImmutable("Audit events are append-only: they cannot be updated.")


class AuditEvent(models.Model):
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Whose log the event belongs to: auditors read their own partnership's events only. Null for
    # events recorded before partnerships were tracked and for system events about no partnership.
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    actor_label = models.CharField(max_length=200, help_text="Who, as shown at the time (kept if the user is renamed).")
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=300, blank=True)
    summary = models.TextField()
    changes = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutable("Audit events are append-only: they cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutable("Audit events are append-only: they cannot be deleted.")
