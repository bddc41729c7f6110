"""Actions under recommendations, their progress, evidence and escalations.

The rules (RAG, drift, escalation ladder) are pure functions in rules.py; the
models hand them an `ActionState` and hold the single-row invariants as
database constraints: exactly one parent recommendation, no completion
without a note, no closure without a rationale and a manager's approval.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from casereview.actions import rules


def amber_days() -> int:
    return int(getattr(settings, "CASEREVIEW_RAG_AMBER_DAYS", 14))


def stale_days() -> int:
    return int(getattr(settings, "CASEREVIEW_RAG_STALE_DAYS", 30))


def escalation_interval_days() -> int:
    return int(getattr(settings, "CASEREVIEW_ESCALATION_INTERVAL_DAYS", 7))


class Status(models.TextChoices):
    NOT_STARTED = rules.NOT_STARTED, "Not started"
    IN_PROGRESS = rules.IN_PROGRESS, "In progress"
    COMPLETED = rules.COMPLETED, "Completed"
    NO_LONGER_REQUIRED = rules.NO_LONGER_REQUIRED, "No longer required"


class Action(models.Model):
    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="actions")
    recommendation = models.ForeignKey(
        "reviews.Recommendation", on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    single_agency_recommendation = models.ForeignKey(
        "reviews.SingleAgencyRecommendation", on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    number = models.PositiveIntegerField(help_text="Order under its recommendation (1, 2, ...).")
    description = models.TextField()
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="actions")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="owned_actions"
    )
    due_date = models.DateField()
    success_measure = models.TextField(help_text="What evidence will show the action worked.")
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.NOT_STARTED)

    completion_note = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    closure_rationale = models.TextField(blank=True)
    closure_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    closure_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_approved_at = models.DateTimeField(null=True, blank=True)

    last_update_on = models.DateField(help_text="Date of the latest progress update (or when the action was set).")
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalated_on = models.DateField(null=True, blank=True)

    # Optimistic locking: every edit says which version it started from (rules.check_version).
    version = models.PositiveIntegerField(default=1)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    changed_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        # Partnership recommendations' actions, then single-agency ones, on both databases
        # (SQLite sorts NULL first, PostgreSQL last, unless told).
        ordering = ["review", F("recommendation__number").asc(nulls_last=True),
                    F("single_agency_recommendation__number").asc(nulls_last=True), "number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(recommendation__isnull=False) & Q(single_agency_recommendation__isnull=True))
                | (Q(recommendation__isnull=True) & Q(single_agency_recommendation__isnull=False)),
                name="action_has_exactly_one_recommendation",
            ),
            models.CheckConstraint(
                condition=~Q(status=rules.COMPLETED) | (~Q(completion_note="") & Q(completed_on__isnull=False)),
                name="action_completed_has_note",
            ),
            models.CheckConstraint(
                condition=~Q(status=rules.NO_LONGER_REQUIRED)
                | (~Q(closure_rationale="") & Q(closure_approved_by__isnull=False)),
                name="action_closed_has_approved_rationale",
            ),
            models.CheckConstraint(
                condition=Q(verified_at__isnull=True) | Q(status=rules.COMPLETED),
                name="action_verified_only_when_completed",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="action_status_due_idx")]

    def __str__(self) -> str:
        return f"Action {self.reference}"

    @property
    def parent(self):
        return self.recommendation or self.single_agency_recommendation

    @property
    def is_single_agency(self) -> bool:
        return self.single_agency_recommendation_id is not None

    @property
    def reference(self) -> str:
        """R3.1 for a partnership recommendation; 'Police 2.1' for a single-agency one."""
        if self.recommendation_id:
            return f"R{self.recommendation.number}.{self.number}"
        sar = self.single_agency_recommendation
        return f"{sar.agency.short_name or sar.agency.name} {sar.number}.{self.number}"

    @property
    def parent_label(self) -> str:
        if self.recommendation_id:
            return f"Recommendation {self.recommendation.number}"
        return str(self.single_agency_recommendation)

    @property
    def is_open(self) -> bool:
        return self.status in rules.OPEN_STATUSES

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def closure_pending(self) -> bool:
        return self.is_open and bool(self.closure_rationale) and self.closure_requested_at is not None

    def state(self) -> rules.ActionState:
        return rules.ActionState(
            status=self.status, due_date=self.due_date, last_activity=self.last_update_on,
            verified=self.is_verified, completed_on=self.completed_on,
        )

    def rag_on(self, today: dt.date) -> str:
        return rules.rag(self.state(), today=today, amber_days=amber_days(), stale_days=stale_days())

    def drift_reasons_on(self, today: dt.date) -> list[str]:
        return rules.drift_reasons(self.state(), today=today, stale_days=stale_days())


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(help_text="The day the progress happened.")
    note = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-on", "-created_at"]

    def __str__(self) -> str:
        return f"Update to {self.action} on {self.on:%d/%m/%Y}"


def _evidence_path(instance: Evidence, filename: str) -> str:
    # An opaque stored name: the original may carry identifiers and stays in the row only.
    return f"actions/{instance.action.review_id}/{instance.action_id}/{uuid.uuid4().hex}{instance.extension}"


class EvidenceKind(models.TextChoices):
    FILE = "file", "Uploaded file"
    LINK = "link", "Link"


class Evidence(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    description = models.TextField()
    file = models.FileField(upload_to=_evidence_path, max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    extension = models.CharField(max_length=12, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    url = models.URLField(max_length=1000, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="file") & ~Q(file="")) | (Q(kind="link") & ~Q(url="")),
                name="evidence_has_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.original_name or self.url


class Escalation(models.Model):
    """One step up the ladder for a drifting action, and the email that told someone."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField(choices=[(n, label) for n, _, label in rules.LADDER])
    on = models.DateField()
    reasons = models.JSONField(default=list)
    recipients = models.TextField(blank=True, help_text="Who was emailed, one a line.")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-on", "-level"]
        # Two overlapping cron runs cannot both escalate one action on one day.
        constraints = [models.UniqueConstraint(fields=["action", "on"], name="escalation_once_a_day")]

    def __str__(self) -> str:
        return f"{self.action} escalated to {self.get_level_display()} on {self.on:%d/%m/%Y}"

    @property
    def reason_labels(self) -> list[str]:
        return [rules.DRIFT_LABELS.get(r, r) for r in self.reasons]


class AgencyLead(models.Model):
    """The named lead for an agency's actions (the second rung of the escalation ladder)."""

    agency = models.OneToOneField("accounts.Agency", on_delete=models.CASCADE, related_name="action_lead")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.user} leads actions for {self.agency}"


class ReportKind(models.TextChoices):
    BOARD = "board", "Board assurance report"
    REVIEW = "review", "Action plan report"
    AGENCY = "agency", "Agency actions report"


class FileState(models.TextChoices):
    WAITING = "waiting", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be made"


class ReportFile(models.Model):
    """A report PDF made by a background job (actions/report_files.py) for the person who asked for it.

    Made with that person's permissions when the job runs; only they may download it, and the
    file is kept in storage under their partnership's folder.
    """

    partnership = models.ForeignKey("accounts.Partnership", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    review = models.ForeignKey("reviews.Review", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    status = models.CharField(max_length=10, choices=FileState.choices, default=FileState.WAITING)
    stored_name = models.CharField(max_length=300)
    filename = models.CharField(max_length=300, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.on:%d/%m/%Y})"
