"""The review lifecycle: the review record, its team, its agencies, decisions and findings.

Models hold single-object invariants and derived state (deadlines, whether a
decision meets the statutory criteria); writes go through services.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.crypto import constant_time_compare, salted_hmac

from casereview.core import calendar as wd


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"
    UK = "uk", "United Kingdom"


class CriteriaBasis(models.TextChoices):
    """Which statutory guidance a review type's decision is judged against."""

    WT2018 = "wt2018", "Working Together 2018/2023 (rapid review and LCSPR)"
    WT2015 = "wt2015", "Working Together 2015 (serious case review)"
    OTHER = "other", "Local or national guidance"


class ReviewType(models.Model):
    """A kind of review. Data, not code paths: nations add their own."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    nation = models.CharField(max_length=20, choices=Nation.choices, default=Nation.ENGLAND)
    criteria_basis = models.CharField(max_length=10, choices=CriteriaBasis.choices, default=CriteriaBasis.WT2018)
    reference_prefix = models.CharField(max_length=12, default="REV")
    order = models.PositiveSmallIntegerField(default=50)
    # A decision to review turns a review of this type into one of `converts_to` (a rapid review
    # decided on becomes an LCSPR). Data, so other nations can set their own.
    converts_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    help_text="The type a review of this type becomes when the decision is to review.")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    NOTIFIED = "notified", "Notified"
    RAPID_REVIEW = "rapid_review", "Rapid review"
    DECIDED = "decided", "Decided"
    TERMS_OF_REFERENCE = "terms_of_reference", "Terms of reference"
    INFORMATION_GATHERING = "information_gathering", "Information gathering"
    ANALYSIS = "analysis", "Analysis"
    DRAFT_REPORT = "draft_report", "Draft report"
    SIGNED_OFF = "signed_off", "Signed off"
    PUBLISHED = "published", "Published"
    ACTION_MONITORING = "action_monitoring", "Action monitoring"
    CLOSED = "closed", "Closed"
    NO_FURTHER_REVIEW = "no_further_review", "No further review"
    CONVERTED = "converted", "Converted"


# Stages after which a report exists in public (used by is_published and figures).
PUBLISHED_STAGES = frozenset({Stage.PUBLISHED, Stage.ACTION_MONITORING, Stage.CLOSED})
# Stages where the review is finished and no statutory clock runs.
ENDED_STAGES = frozenset({Stage.CLOSED, Stage.NO_FURTHER_REVIEW, Stage.CONVERTED})


class Outcome(models.TextChoices):
    DIED = "died", "Died"
    SERIOUSLY_HARMED = "seriously-harmed", "Seriously harmed"


class Review(models.Model):
    partnership = models.ForeignKey("accounts.Partnership", on_delete=models.PROTECT, related_name="reviews")
    reference = models.CharField(max_length=40, unique=True)
    review_type = models.ForeignKey(ReviewType, on_delete=models.PROTECT, related_name="reviews")
    title = models.CharField(max_length=200)
    pseudonym = models.CharField(max_length=80, help_text="The name used for the child in the review, e.g. Oliver.")
    other_children = models.TextField(blank=True, help_text="Pseudonyms of siblings or other children, one a line.")
    age_at_incident = models.CharField(max_length=40, blank=True, help_text='For example "15 days" or "3 years".')
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    incident_date = models.DateField()
    aware_date = models.DateField(help_text="The day the local authority became aware of the incident.")
    notified_date = models.DateField(null=True, blank=True, help_text="The day the national panel was notified.")
    rapid_review_completed_date = models.DateField(null=True, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    published_date = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.NOTIFIED)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-aware_date", "reference"]
        constraints = [
            models.CheckConstraint(condition=Q(aware_date__gte=models.F("incident_date")), name="review_aware_after_incident"),
            models.CheckConstraint(
                condition=Q(notified_date__isnull=True) | Q(notified_date__gte=models.F("aware_date")),
                name="review_notified_after_aware",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def calendar(self) -> str:
        return self.partnership.calendar

    @property
    def deadlines(self) -> wd.StatutoryDeadlines:
        return wd.statutory_deadlines(
            aware=self.aware_date, notified=self.notified_date, decided=self.decision_date,
            calendar=self.calendar, lcspr_months=settings.CASEREVIEW_LCSPR_TARGET_MONTHS,
        )

    @property
    def notification_due(self) -> dt.date | None:
        return self.deadlines.notification_due

    @property
    def rapid_review_due(self) -> dt.date | None:
        return self.deadlines.rapid_review_due

    @property
    def lcspr_due(self) -> dt.date | None:
        return self.deadlines.lcspr_due

    @property
    def is_published(self) -> bool:
        return self.stage in PUBLISHED_STAGES


    @property
    def rapid_review_on_time(self) -> bool | None:
        """Whether the rapid review finished within 15 working days of notification (None while open)."""
        due = self.rapid_review_due
        if self.rapid_review_completed_date is None or due is None:
            return None
        return self.rapid_review_completed_date <= due

    @property
    def rapid_review_working_days_late(self) -> int | None:
        due = self.rapid_review_due
        if self.rapid_review_completed_date is None or due is None:
            return None
        return max(0, wd.working_days_between(due, self.rapid_review_completed_date, self.calendar))


class IdentifierKind(models.TextChoices):
    NAME = "name", "Name"
    DATE_OF_BIRTH = "date_of_birth", "Date of birth"
    ADDRESS = "address", "Address"
    SCHOOL = "school", "School"
    RECORD_NUMBER = "record_number", "Record number"
    OTHER = "other", "Other"


class RestrictedIdentifier(models.Model):
    """A real identifier of the child or family. Seen only by the review's team (access.can_see_restricted)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="restricted_identifiers")
    kind = models.CharField(max_length=20, choices=IdentifierKind.choices)
    value = models.CharField(max_length=300)
    label = models.CharField(max_length=120, blank=True, help_text='Whose or what, e.g. "Child", "Mother", "Home address".')

    class Meta:
        ordering = ["kind", "label", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.label or 'identifier'})"


class RoleInReview(models.TextChoices):
    LEAD_REVIEWER = "lead_reviewer", "Lead reviewer"
    REVIEWER = "reviewer", "Independent reviewer"
    PANEL_CHAIR = "panel_chair", "Panel chair"
    PANEL_MEMBER = "panel_member", "Panel member"


class ReviewMembership(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_memberships")
    role_in_review = models.CharField(max_length=20, choices=RoleInReview.choices)

    class Meta:
        ordering = ["role_in_review", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="review_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_in_review_display()})"


class ParticipatingAgency(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="participating_agencies")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="review_participations")
    contact = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["agency__name"]
        verbose_name_plural = "participating agencies"
        constraints = [models.UniqueConstraint(fields=["review", "agency"], name="participating_agency_unique")]

    def __str__(self) -> str:
        return str(self.agency)


class RequestItem(models.TextChoices):
    RAPID_REVIEW_SUMMARY = "rapid_review_summary", "Rapid review summary"
    AGENCY_REPORT = "agency_report", "Agency report (IMR)"
    CHRONOLOGY = "chronology", "Chronology"


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    RETURNED = "returned", "Returned for changes"
    WITHDRAWN = "withdrawn", "No longer needed"


# Statuses where the agency still owes the partnership something.
OUTSTANDING_STATUSES = frozenset({RequestStatus.REQUESTED, RequestStatus.RETURNED})


class AgencyRequest(models.Model):
    participating_agency = models.ForeignKey(ParticipatingAgency, on_delete=models.CASCADE, related_name="requests")
    item = models.CharField(max_length=30, choices=RequestItem.choices)
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.REQUESTED)
    submitted_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    last_chased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["participating_agency", "item"], name="agency_request_one_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()} from {self.participating_agency.agency}"

    @property
    def is_outstanding(self) -> bool:
        return self.status in OUTSTANDING_STATUSES


def _document_path(instance: AgencyDocument, filename: str) -> str:
    # Stored under an opaque name: the original name may hold identifiers and is kept in the row only.
    return f"reviews/{instance.request.participating_agency.review_id}/{instance.sha256[:16]}-v{instance.version}.{instance.extension}"


class AgencyDocument(models.Model):
    """One uploaded version of an agency's submission (report, summary or chronology)."""

    request = models.ForeignKey(AgencyRequest, on_delete=models.CASCADE, related_name="documents")
    version = models.PositiveIntegerField()
    file = models.FileField(upload_to=_document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    extension = models.CharField(max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["request", "-version"]
        constraints = [models.UniqueConstraint(fields=["request", "version"], name="agency_document_version_unique")]

    def __str__(self) -> str:
        return f"{self.request} v{self.version}"


class ReminderKind(models.TextChoices):
    BEFORE = "before", "Due soon"
    OVERDUE = "overdue", "Overdue"


class ReminderSent(models.Model):
    """A reminder e-mail claimed for one request, kind and due date (`casereview remind`).

    The unique constraint is the claim: two overlapping cron runs cannot both send
    it, and a changed due date is a new date that gets its own reminders.
    """

    request = models.ForeignKey(AgencyRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    due_date = models.DateField()
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["request", "due_date", "kind"]
        constraints = [models.UniqueConstraint(fields=["request", "kind", "due_date"], name="reminder_once_per_due_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder for {self.request} due {self.due_date:%d/%m/%Y}"


class ActiveFindings(models.Manager):
    """Findings not withdrawn. The default manager of every finding model, so a withdrawn
    finding leaves briefings, the library, action plans and exports without each asking;
    `all_objects` still reaches it (the findings page shows it to the team, with its reason)."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Withdrawable(models.Model):
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    withdrawn_reason = models.TextField(blank=True)

    objects = ActiveFindings()
    all_objects = models.Manager()  # noqa: DJ012 (a second manager, not a field)

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


ACTIVE = Q(withdrawn_at__isnull=True)


class SingleAgencyRecommendation(Withdrawable):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="single_agency_recommendations")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="single_agency_recommendations")
    number = models.PositiveIntegerField()
    text = models.TextField()
    source = models.ForeignKey(
        AgencyDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="recommendations",
        help_text="The agency report the recommendation comes from.",
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["agency__name", "number"]
        constraints = [
            # Numbers are unique among findings in force; a withdrawn one keeps the number it had.
            models.UniqueConstraint(fields=["review", "agency", "number"], condition=ACTIVE,
                                    name="single_agency_recommendation_number_active"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} recommendation {self.number}"


class DecisionOutcome(models.TextChoices):
    REVIEW = "review", "Undertake a review"
    NO_FURTHER_REVIEW = "no_further_review", "No further review"


class Decision(models.Model):
    """The partnership's decision whether to undertake a review, against the statutory criteria.

    The check constraint refuses, below any form or service, a decision to review
    that does not meet the criteria of the guidance it was taken under.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions")
    criteria_basis = models.CharField(max_length=10, choices=CriteriaBasis.choices)
    abuse_or_neglect = models.BooleanField("Abuse or neglect of the child is known or suspected", default=False)
    child_died = models.BooleanField("The child has died", default=False)
    child_seriously_harmed = models.BooleanField("The child has been seriously harmed", default=False)
    agencies_concern = models.BooleanField(
        "There is cause for concern about how agencies worked together to safeguard the child", default=False,
    )
    reason_improvements_needed = models.BooleanField("The case highlights improvements needed", default=False)
    reason_recurrent_themes = models.BooleanField("The case highlights recurrent themes", default=False)
    reason_agencies_working_together = models.BooleanField(
        "The case highlights concerns about agencies working together", default=False,
    )
    reason_national_panel_view = models.BooleanField("The national panel considers a review appropriate", default=False)
    outcome = models.CharField(max_length=20, choices=DecisionOutcome.choices)
    decision_makers = models.TextField(help_text="Who took the decision, one a line (name and role).")
    decided_on = models.DateField()
    rationale = models.TextField()
    national_panel_response = models.TextField(blank=True)
    national_panel_response_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="review")
                | (
                    Q(abuse_or_neglect=True)
                    & (Q(child_died=True) | Q(child_seriously_harmed=True))
                    & (~Q(criteria_basis="wt2015") | Q(child_died=True) | Q(agencies_concern=True))
                    & (
                        ~Q(criteria_basis="wt2018")
                        | Q(reason_improvements_needed=True)
                        | Q(reason_recurrent_themes=True)
                        | Q(reason_agencies_working_together=True)
                        | Q(reason_national_panel_view=True)
                    )
                ),
                name="decision_to_review_meets_criteria",
            ),
        ]

    def __str__(self) -> str:
        return f"Decision on {self.review.reference} ({self.decided_on:%d %B %Y}): {self.get_outcome_display()}"

    @property
    def meets_criteria(self) -> bool:
        """Statutory criteria for a review (the same rule as the check constraint)."""
        return not criteria_problems(self)

    @property
    def reasons(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in REASON_FIELDS
            if getattr(self, name)
        ]


REASON_FIELDS = (
    "reason_improvements_needed",
    "reason_recurrent_themes",
    "reason_agencies_working_together",
    "reason_national_panel_view",
)


def criteria_problems(decision: Decision) -> list[str]:
    """Why a decision does not meet the criteria for a review, as sentences; empty when it does."""
    problems = []
    if not decision.abuse_or_neglect:
        problems.append("Abuse or neglect must be known or suspected.")
    if not (decision.child_died or decision.child_seriously_harmed):
        problems.append("The child must have died or been seriously harmed.")
    elif decision.criteria_basis == CriteriaBasis.WT2015 and not decision.child_died and not decision.agencies_concern:
        problems.append(
            "For a serious case review of serious harm, there must be cause for concern about how agencies worked together."
        )
    if decision.criteria_basis == CriteriaBasis.WT2018 and not any(getattr(decision, f) for f in REASON_FIELDS):
        problems.append("Choose at least one reason why a local review is appropriate.")
    return problems


class StageChange(models.Model):
    """The history of a review's stage: who moved it, when and why (also in the audit log)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=30, choices=Stage.choices)
    to_stage = models.CharField(max_length=30, choices=Stage.choices)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.review.reference}: {self.from_stage} -> {self.to_stage}"


class ReviewConversion(models.Model):
    """A review that changed type, e.g. a rapid review that became an LCSPR when the decision was to review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="conversions")
    from_type = models.ForeignKey(ReviewType, on_delete=models.PROTECT, related_name="+")
    to_type = models.ForeignKey(ReviewType, on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey("Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.review.reference}: {self.from_type} -> {self.to_type}"


class TermsOfReference(models.Model):
    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="terms_of_reference")
    period_start = models.DateField()
    period_end = models.DateField()
    lines_of_enquiry = models.TextField(help_text="One key line of enquiry a line.")
    scope_notes = models.TextField(blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "terms of reference"
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="tor_period_in_order"),
        ]

    def __str__(self) -> str:
        return f"Terms of reference for {self.review.reference}"

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.lines_of_enquiry.splitlines() if line.strip()]


class LearningEvent(models.Model):
    """A practitioner learning event: attendees is a list of {"agency": name, "role": job role}."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="learning_events")
    held_on = models.DateField()
    facilitator = models.CharField(max_length=200)
    attendees = models.JSONField(default=list, blank=True)
    episodes = models.TextField(blank=True, help_text="Key practice episodes discussed, one a line.")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Practitioner event {self.held_on:%d %B %Y}"


class FamilyStatus(models.TextChoices):
    NOT_YET_OFFERED = "not_yet_offered", "Not yet offered"
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class FamilyInvolvement(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="family_involvement")
    family_member = models.CharField(max_length=120, help_text='Relationship to the child, e.g. "Mother". Never a real name.')
    status = models.CharField(max_length=20, choices=FamilyStatus.choices)
    status_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["family_member", "pk"]

    def __str__(self) -> str:
        return f"{self.family_member}: {self.get_status_display()}"


class LearningPoint(Withdrawable):
    """themes: list of {"theme": taxonomy id, "evidence": str}."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="learning_points")
    number = models.PositiveIntegerField()
    text = models.TextField()
    themes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["review", "number"]
        constraints = [models.UniqueConstraint(fields=["review", "number"], condition=ACTIVE,
                                               name="learning_point_number_active")]

    def __str__(self) -> str:
        return f"Learning point {self.number}"

    @property
    def theme_ids(self) -> list[str]:
        return [t["theme"] for t in self.themes if isinstance(t, dict) and "theme" in t]


class Recommendation(Withdrawable):
    """A review recommendation to the partnership (addressee_agency null) or to one named agency."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveIntegerField()
    text = models.TextField()
    addressee_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="review_recommendations",
    )
    themes = models.JSONField(default=list, blank=True)
    learning_points = models.ManyToManyField(LearningPoint, blank=True, related_name="recommendations")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["review", "number"]
        constraints = [models.UniqueConstraint(fields=["review", "number"], condition=ACTIVE,
                                               name="recommendation_number_active")]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"

    @property
    def addressee(self) -> str:
        return str(self.addressee_agency) if self.addressee_agency_id else "The partnership"

    @property
    def theme_ids(self) -> list[str]:
        return [t["theme"] for t in self.themes if isinstance(t, dict) and "theme" in t]


class CalendarFeed(models.Model):
    """A user's secret calendar-feed address. Calendar programs cannot sign in, so its token is the credential.

    Only a SHA-256 digest of the token is stored (the token is shown once, when issued), so a
    copy of the database opens no feed. The feed also carries a keyed fingerprint of the
    owner's password hash: any change of password, however made, stops the address working.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    password_fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Calendar feed for {self.user}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def fingerprint_of(user) -> str:
        return salted_hmac("casereview.reviews.CalendarFeed", user.password, algorithm="sha256").hexdigest()

    def still_valid_for(self, user) -> bool:
        """False once the owner's password has changed since the address was issued."""
        return constant_time_compare(self.password_fingerprint, self.fingerprint_of(user))
