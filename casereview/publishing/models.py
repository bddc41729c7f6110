"""Briefings: the public face of a review, behind the anonymisation gate.

Two kinds share one model, so the gate, the four-eyes approval and publication
apply to both without copies: the practitioner briefing (the seed's five
sections) and the 7-minute briefing (seven short numbered parts for team
meetings). Dissemination records and training events (dissemination.py) record
how agencies used them.

A briefing is written from a review's findings, checked by the gate (gate.py)
and only then published. The model keeps the single-object rules: which
sections it has, the fingerprint of its content (so an edit after the gate ran
is noticed), and how long a published briefing must stay public.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.db import models

from casereview.text.paragraphs import paragraphs

# Published reports stay publicly available for at least one year (DESIGN.md).
MINIMUM_PUBLIC_DAYS = 365

# (field name, heading). The order is the order of the seed briefing.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("what_is", "What is this review?"),
    ("background", "Background"),
    ("learning_points", "Key learning points for professionals"),
    ("recommendations", "Recommendations"),
    ("further_information", "Further information"),
)
# The seven parts of a 7-minute briefing, in the order partnerships print them (numbered 1 to 7).
SEVEN_MINUTE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("background", "Background"),
    ("why_it_matters", "Why it matters"),
    ("information", "Information"),
    ("the_learning", "The learning"),
    ("reflection_questions", "Questions for reflection"),
    ("what_to_do", "What to do or think about"),
    ("further_information", "Further information"),
)
# Sections written as lists: one item per paragraph (items separated by a blank line).
LIST_SECTIONS = frozenset({"learning_points", "recommendations", "further_information",
                           "the_learning", "reflection_questions", "what_to_do"})
# List sections readers refer to by number ("learning point 3"): numbered lists on every rendering.
NUMBERED_SECTIONS = frozenset({"learning_points", "recommendations", "the_learning"})
SECTION_LABELS = dict(SECTIONS) | dict(SEVEN_MINUTE_SECTIONS)
SECTION_LABELS["title"] = "Title"
ALL_SECTION_FIELDS = tuple(dict.fromkeys(key for key, _ in (*SECTIONS, *SEVEN_MINUTE_SECTIONS)))


class BriefingKind(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner briefing"
    SEVEN_MINUTE = "seven_minute", "7-minute briefing"


SECTIONS_BY_KIND = {BriefingKind.PRACTITIONER: SECTIONS, BriefingKind.SEVEN_MINUTE: SEVEN_MINUTE_SECTIONS}

def one_year_after(day: dt.date) -> dt.date:
    """The same calendar day a year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


class BriefingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    GATE_PASSED = "gate_passed", "Passed the anonymisation gate"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Briefing(models.Model):
    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="briefings")
    kind = models.CharField(max_length=20, choices=BriefingKind.choices, default=BriefingKind.PRACTITIONER)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    what_is = models.TextField("What is this review?", blank=True)
    background = models.TextField(blank=True)
    learning_points = models.TextField("Key learning points", blank=True)
    recommendations = models.TextField(blank=True)
    further_information = models.TextField(blank=True)
    # The 7-minute briefing's own parts (it shares background and further_information).
    why_it_matters = models.TextField(blank=True)
    information = models.TextField(blank=True)
    the_learning = models.TextField(blank=True)
    reflection_questions = models.TextField("Questions for reflection", blank=True)
    what_to_do = models.TextField("What to do or think about", blank=True)
    status = models.CharField(max_length=20, choices=BriefingStatus.choices, default=BriefingStatus.DRAFT)
    # Fingerprint of the content when the gate last passed it; publishing requires it still matches.
    gate_hash = models.CharField(max_length=64, blank=True)
    gate_passed_at = models.DateTimeField(null=True, blank=True)
    # Four eyes: who ran the gate that passed and who last changed the text may not approve it.
    gate_run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The second person's approval the briefing was published on (the publication record names both).
    publication_approval = models.ForeignKey(
        "BriefingApproval", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    publish_until = models.DateField(
        null=True, blank=True, help_text="The briefing stays public at least until this day (one year or more)."
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["review", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["review", "kind", "version"], name="briefing_kind_version_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="published")
                | (models.Q(published_at__isnull=False) & models.Q(publish_until__isnull=False)),
                name="briefing_published_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def is_seven_minute(self) -> bool:
        return self.kind == BriefingKind.SEVEN_MINUTE

    @property
    def section_fields(self) -> tuple[tuple[str, str], ...]:
        """(field, heading) of this kind's sections, in reading order."""
        return SECTIONS_BY_KIND[BriefingKind(self.kind)]

    def sections(self) -> list[dict]:
        """Each section with its heading, text, paragraphs and, for list sections, its items.

        7-minute briefings number their parts (1 to 7): `number` is set on each.
        """
        return [
            {"key": key, "label": label, "text": getattr(self, key),
             "number": number if self.is_seven_minute else None,
             "is_list": key in LIST_SECTIONS, "numbered": key in NUMBERED_SECTIONS,
             "items": paragraphs(getattr(self, key)) if key in LIST_SECTIONS else [],
             "paragraphs": paragraphs(getattr(self, key))}
            for number, (key, label) in enumerate(self.section_fields, start=1)
        ]

    def texts(self) -> dict[str, str]:
        """Every piece of text the public would read, keyed by field: what the gate checks."""
        return {"title": self.title, **{key: getattr(self, key) for key, _ in self.section_fields}}

    def content_hash(self) -> str:
        payload = json.dumps(self.texts(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    @property
    def is_public(self) -> bool:
        return self.status == BriefingStatus.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.status in (BriefingStatus.DRAFT, BriefingStatus.GATE_PASSED)

    @property
    def editor(self):
        """Who last changed the text (the person who drafted it until someone edits it)."""
        return self.last_edited_by or self.created_by

    def approval_for_current_content(self) -> BriefingApproval | None:
        """The latest approval of the content the gate passed, by someone other than the gate runner and last editor."""
        if not self.gate_still_valid:
            return None
        excluded = {pk for pk in (self.gate_run_by_id, self.last_edited_by_id or self.created_by_id) if pk}
        return (self.approvals.filter(content_hash=self.gate_hash).exclude(approver_id__in=excluded)
                .select_related("approver").order_by("-approved_at", "-pk").first())

    @property
    def gate_still_valid(self) -> bool:
        """Passed the gate and not changed since."""
        return bool(self.gate_hash) and self.gate_hash == self.content_hash()

    def may_withdraw_without_reason_override(self, today: dt.date) -> bool:
        """Whether the minimum public period has run (before then only an admin, with a reason, may withdraw)."""
        return self.publish_until is not None and today >= self.publish_until


class BriefingApproval(models.Model):
    """A second person with publishing rights approving the exact content that passed the gate.

    Tied to the content fingerprint: any later change to the text needs a new approval.
    """

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    content_hash = models.CharField(max_length=64)
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["briefing", "approver", "content_hash"], name="briefing_approval_unique"),
        ]

    def __str__(self) -> str:
        return f"Approval of {self.briefing} by {self.approver}"


class FalsePositive(models.Model):
    """A gate hit a review manager has judged not to identify anyone (e.g. a public office's phone number).

    Kept per review, so the judgement carries over to later versions of the briefing;
    matched on the normalised text and the kind of hit.
    """

    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="gate_false_positives")
    text = models.CharField(max_length=300)
    normalised = models.CharField(max_length=300)
    kind = models.CharField(max_length=40)
    reason = models.TextField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "normalised", "kind"], name="false_positive_unique"),
        ]

    def __str__(self) -> str:
        return f"False positive ({self.kind})"


def normalise_hit(text: str) -> str:
    return " ".join(text.split()).casefold()


class DisseminationMethod(models.TextChoices):
    TEAM_MEETING = "team_meeting", "Team meeting"
    SUPERVISION = "supervision", "Supervision"
    TRAINING = "training", "Training"
    EMAIL = "email", "E-mail"


class DisseminationRecord(models.Model):
    """One use of a published briefing by a team of an agency: did the learning reach the front line?"""

    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="dissemination_records")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    team = models.CharField(max_length=200)
    used_on = models.DateField()
    method = models.CharField(max_length=20, choices=DisseminationMethod.choices)
    practitioners = models.PositiveIntegerField()
    reflections = models.TextField(blank=True)
    changes = models.TextField("Changes made to practice", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-used_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(practitioners__gte=1), name="dissemination_practitioners_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.team} ({self.used_on:%d/%m/%Y})"


class TrainingEvent(models.Model):
    """A training or learning event that carried a review's learning; its attendance counts towards reach."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="training_events")
    title = models.CharField(max_length=300)
    held_on = models.DateField()
    audience = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    @property
    def total_attendance(self) -> int:
        return sum(a.attendees for a in self.attendance.all())


class TrainingAttendance(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    attendees = models.PositiveIntegerField()

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "agency"], name="training_attendance_unique"),
            models.CheckConstraint(condition=models.Q(attendees__gte=1), name="training_attendance_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.attendees}"


class DisseminationReminder(models.Model):
    """The one reminder an agency gets about a briefing it has recorded no use of (unique: once each)."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="dissemination_reminders")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()
    recipients = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["briefing", "agency"], name="dissemination_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.agency} ({self.sent_on:%d/%m/%Y})"
