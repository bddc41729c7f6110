"""The learning library: reviews (entries), the files they came from (sources),
their learning points and recommendations (items) and the themes on each item.

A review may arrive in several renderings (the PDF and the web page of one
briefing): each rendering is a Source of the same LibraryEntry, matched by the
text engine's identity key. Reviewer corrections live on the item and its theme
rows (`corrected`, `origin`, `removed`) so a later ingest can refresh what the
engine extracted without undoing what a person decided.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class Origin(models.TextChoices):
    INGESTED = "ingested", "Ingested document"
    PUBLISHED = "published-in-casereview", "Published in CaseReview"


class ItemKind(models.TextChoices):
    LEARNING_POINT = "learning_point", "Learning point"
    RECOMMENDATION = "recommendation", "Recommendation"


class TagOrigin(models.TextChoices):
    AUTO = "auto", "Found by the text engine"
    REVIEWER = "reviewer", "Added by a reviewer"


class LibraryEntry(models.Model):
    """One review, however many renderings of it were ingested."""

    title = models.CharField(max_length=500)
    review_type = models.CharField(max_length=60, blank=True)
    partnership = models.CharField(max_length=300, blank=True)
    pseudonym = models.CharField(max_length=100, blank=True)
    age = models.CharField(max_length=30, blank=True)
    outcome = models.CharField(max_length=30, blank=True)
    year = models.PositiveIntegerField(null=True, blank=True)
    links = models.JSONField(default=list, blank=True)
    identity_key = models.CharField(max_length=64, unique=True)
    origin = models.CharField(max_length=30, choices=Origin.choices, default=Origin.INGESTED)
    # Set for reviews published in CaseReview; the entry outlives the review record.
    review = models.OneToOneField("reviews.Review", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="library_entry")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-year", "title", "pk"]
        verbose_name_plural = "library entries"

    def __str__(self) -> str:
        return self.title

    @property
    def review_type_label(self) -> str:
        return REVIEW_TYPE_LABELS.get(self.review_type, self.review_type or "Not known")


REVIEW_TYPE_LABELS = {
    "serious-case-review": "Serious Case Review",
    "local-child-safeguarding-practice-review": "Local Child Safeguarding Practice Review",
    "rapid-review": "Rapid review",
    "child-practice-review": "Child Practice Review",
    "learning-review": "Learning Review",
    "national-review": "National review",
    "other": "Other review",
}


class Source(models.Model):
    """One file (rendering) of a review, identified by the SHA-256 of its bytes."""

    entry = models.ForeignKey(LibraryEntry, on_delete=models.CASCADE, related_name="sources")
    filename = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64, unique=True)
    media_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    text = models.TextField(blank=True)
    ingested_at = models.DateTimeField()
    ingested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["ingested_at", "pk"]

    def __str__(self) -> str:
        return self.filename


class LibraryItem(models.Model):
    """A learning point or recommendation of an entry.

    `source_kind` and `number` locate the item in what the engine extracted (its
    slot), so a re-ingest finds the same item even after a reviewer changed its
    kind; `kind` and `text` are what readers see.
    """

    entry = models.ForeignKey(LibraryEntry, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    source_kind = models.CharField(max_length=20, choices=ItemKind.choices)
    number = models.PositiveIntegerField()
    text = models.TextField()
    extracted_text = models.TextField(blank=True)
    section = models.CharField(max_length=300, blank=True)
    corrected = models.BooleanField(default=False)
    # PostgreSQL full-text vector (GIN-indexed by migration 0002); unused on SQLite,
    # where the FTS5 table library_item_fts is the index.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["entry", "source_kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "source_kind", "number"], name="library_item_slot_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.text[:60]}"

    @property
    def active_themes(self) -> list[ItemTheme]:
        return [t for t in self.themes.all() if not t.removed]


class ItemTheme(models.Model):
    """A theme on an item with the span of text that justified it.

    A reviewer's removal is kept as a row with `removed=True`, so the engine
    finding the same theme again on re-ingest does not bring it back.
    """

    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(max_length=60, db_index=True)
    evidence = models.TextField(blank=True)
    start = models.IntegerField(null=True, blank=True)
    end = models.IntegerField(null=True, blank=True)
    origin = models.CharField(max_length=10, choices=TagOrigin.choices, default=TagOrigin.AUTO)
    removed = models.BooleanField(default=False)

    class Meta:
        ordering = ["item", "theme"]
        # Covers "items with this theme" (filters, facets, the themes page) without reading the table.
        indexes = [models.Index(fields=["theme", "removed", "item"], name="library_theme_items")]
        constraints = [models.UniqueConstraint(fields=["item", "theme"], name="library_item_theme_unique")]

    def __str__(self) -> str:
        return self.theme


class FileStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    READING = "reading", "Being read"
    DONE = "done", "Added"
    DUPLICATE = "duplicate", "Already in the library"
    HELD = "held", "Held back: check it first"
    REFUSED = "refused", "Not added"


#: A file in one of these states needs nothing more from the job.
FINISHED = (FileStatus.DONE, FileStatus.DUPLICATE, FileStatus.REFUSED, FileStatus.HELD)


class IngestBatch(models.Model):
    """Files uploaded together from the browser, ingested by a background job (library/tasks.py).

    Only the uploader's partnership (its users who may add to the library) sees a batch.
    """

    partnership = models.ForeignKey("accounts.Partnership", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Upload {self.pk}"


class IngestFile(models.Model):
    """One file of a batch and what became of it: the job's per-file record, so a job run again
    after a crash skips the files it has finished and never adds one twice.

    `stored_name` is its name in default_storage while the job still needs the bytes ("" after).
    `matches` holds, for a held file only, the restricted-identifier matches the uploader must check.
    """

    batch = models.ForeignKey(IngestBatch, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=300)
    size = models.PositiveBigIntegerField()
    stored_name = models.CharField(max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=FileStatus.choices, default=FileStatus.WAITING)
    result = models.CharField(max_length=20, blank=True)
    entry = models.ForeignKey(LibraryEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    items = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    matches = models.JSONField(default=list, blank=True)
    confirmed = models.BooleanField(default=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [models.UniqueConstraint(fields=["batch", "position"], name="library_ingestfile_position")]

    def __str__(self) -> str:
        return self.name
