"""Agency chronologies, the integrated chronology and the reviewer's work on it.

Agency facts (Entry) and the reviewer's analysis (Analysis) are kept apart, as
chronology guidance asks: an agency's re-import never overwrites a reviewer's
words, and the reviewer never edits an agency's record. Writes go through
services.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from casereview.tabular.dates import APPROXIMATE, DAY, MONTH, YEAR


class Precision(models.TextChoices):
    DAY = DAY, "Day"
    MONTH = MONTH, "Month"
    YEAR = YEAR, "Year"
    APPROXIMATE = APPROXIMATE, "Approximate"


class Submission(models.Model):
    """One version of one agency's chronology for one review.

    Re-importing creates the next version and makes it current; earlier versions
    and their entries are kept (not current) so what changed stays auditable.
    """

    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="chronology_submissions")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="chronology_submissions")
    version = models.PositiveIntegerField()
    is_current = models.BooleanField(default=True)
    file_name = models.CharField(max_length=255)
    sheet = models.CharField(max_length=120, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    entry_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField()
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "agency__name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["review", "agency", "version"], name="chronology_submission_version_unique"),
            models.UniqueConstraint(
                fields=["review", "agency"], condition=Q(is_current=True), name="chronology_one_current_submission"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} chronology v{self.version} ({self.file_name})"


class Entry(models.Model):
    """One row of an agency's chronology: the agency's facts, as submitted.

    `review`, `agency` and `is_current` repeat the submission's so the integrated
    view reads one indexed table: (review, is_current, sort_key, id) gives keyset
    pagination that stays fast with 100,000 entries.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="entries")
    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    is_current = models.BooleanField(default=True)
    date = models.DateField(help_text="First day the event could fall on (the day itself when exact).")
    latest = models.DateField(help_text="Last day the event could fall on.")
    precision = models.CharField(max_length=12, choices=Precision.choices)
    date_raw = models.CharField(max_length=120, help_text="The date as the agency wrote it.")
    time = models.CharField(max_length=5, blank=True)
    sort_key = models.CharField(max_length=16)
    agency_label = models.CharField(max_length=200, blank=True, help_text="The agency or service named in the row.")
    source = models.CharField(max_length=300, blank=True)
    event = models.TextField()
    action = models.TextField(blank=True)
    significance = models.TextField(blank=True)
    file_name = models.CharField(max_length=255)
    row = models.PositiveIntegerField()

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name_plural = "entries"
        indexes = [
            models.Index(fields=["review", "is_current", "sort_key", "id"], name="chron_entry_review_order"),
            models.Index(fields=["review", "is_current", "agency", "sort_key", "id"], name="chron_entry_agency_order"),
            models.Index(fields=["review", "is_current", "date"], name="chron_entry_review_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date_label} {self.agency_label}: {self.event[:60]}"

    @property
    def date_label(self) -> str:
        if self.precision == DAY:
            return self.date.strftime("%d/%m/%Y")
        if self.precision == MONTH:
            return self.date.strftime("%B %Y")
        if self.precision == YEAR:
            return str(self.date.year)
        return self.date_raw


class Analysis(models.Model):
    """The reviewer's analysis of an entry: their column, never mixed with the agency's facts."""

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="analysis")
    text = models.TextField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "analyses"

    def __str__(self) -> str:
        return self.text[:60]


class Episode(models.Model):
    """A key practice episode: a named period the reviewer analyses as one piece of practice."""

    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="practice_episodes")
    name = models.CharField(max_length=160)
    start = models.DateField()
    end = models.DateField()
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["review", "start", "name"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="chron_episode_end_after_start")]

    def __str__(self) -> str:
        return self.name


class DuplicateStatus(models.TextChoices):
    SUGGESTED = "suggested", "Possible duplicate"
    SAME_EVENT = "same_event", "Same event"
    DIFFERENT = "different", "Different events"


class DuplicateLink(models.Model):
    """Two entries from different agencies that may record one event.

    Suggested by the merge rules at import; the reviewer decides. Neither entry is
    ever removed: a confirmed link only groups them.
    """

    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="+")
    first = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12, choices=DuplicateStatus.choices, default=DuplicateStatus.SUGGESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "first", "second"]
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="chron_duplicate_pair_unique")]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id} ({self.get_status_display()})"


class PendingUpload(models.Model):
    """An upload waiting for its columns to be mapped: private to its owner, and short-lived.

    The file sits in the private storage's pending folder (chronology/uploads.py), never
    with the uploads, named by `stored_name` (random, unrelated to `token`). `token` is the
    unguessable part of the mapping page's address. After `expires_at` nobody can use
    it and `casereview cleanup_uploads` removes the row and the file.
    """

    token = models.CharField(max_length=64, unique=True)
    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    original_name = models.CharField(max_length=255)
    sheet = models.CharField(max_length=120, blank=True)
    stored_name = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        # Shown in the audit log: never the file's name, which may name the child.
        return f"Upload waiting for column mapping ({self.agency}, {self.review.reference})"
