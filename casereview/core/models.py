"""Core's one table: the outbox of e-mails sent by background jobs (core/outbox.py)."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class OutgoingEmail(models.Model):
    """One e-mail, queued once under a unique key (so a command run twice or a job retried never
    sends it twice), sent by a background job, with its attempts and last error.

    `context` is what the app that queued it needs afterwards (to audit it), never message text.
    """

    key = models.CharField(max_length=200, unique=True)
    to = models.JSONField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    context = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.key
