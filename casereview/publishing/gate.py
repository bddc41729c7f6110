"""The anonymisation gate: nothing identifying leaves CaseReview in a briefing.

`check_publishable(review)` runs the text engine's `find_identifiers` over every
section of the review's current briefing, with the review's restricted
identifiers (real names, dates of birth, addresses, schools, record numbers)
and the personal-data patterns (postcodes, NHS and NI numbers, dates, phone
numbers, email addresses). Any hit stops publication, unless a review manager
has recorded that exact text as a false positive. The reviews app calls this
(through the hook this app registers in its AppConfig.ready()) before a review
moves to "published"; publish_briefing calls it again.

The gate fails closed: any error while checking refuses publication.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from casereview.publishing.models import (
    SECTION_LABELS,
    Briefing,
    BriefingKind,
    BriefingStatus,
    FalsePositive,
    normalise_hit,
)
from casereview.text.redact import find_identifiers

logger = logging.getLogger(__name__)

CHECK_FAILED = ("The anonymisation gate could not finish checking this briefing because of an error, "
                "so it cannot be published. Try again; if it happens again, tell the system administrator.")

Finder = Callable[[str, list], list[dict]]


@dataclass(frozen=True)
class Hit:
    section: str  # field name: "title", "background", ...
    start: int
    end: int
    text: str
    kind: str  # restricted identifier kind ("name", "date_of_birth", ...) or pattern kind ("postcode", ...)
    restricted: bool  # True: one of the review's own identifiers; False: a personal-data pattern
    approved: bool = False  # a manager recorded it as a false positive
    severity: str = "block"  # the matcher's: "block", or "possible" (e.g. an everyday word that may be a name)

    @property
    def approvable(self) -> bool:
        """Whether a manager may record it as a false positive: never a restricted identifier the matcher is sure of."""
        return not (self.restricted and self.severity == "block")

    @property
    def section_label(self) -> str:
        return SECTION_LABELS.get(self.section, self.section)

    @property
    def display_text(self) -> str:
        return " ".join(self.text.split())

    @property
    def kind_label(self) -> str:
        return self.kind.replace("_", " ")

    @property
    def problem(self) -> str:
        what = "restricted identifier" if self.restricted else "personal-data pattern"
        verb = "may match" if self.severity == "possible" else "matches"
        return f"{self.section_label}: '{self.display_text}' {verb} {what} ({self.kind_label})"


@dataclass
class GateResult:
    ok: bool
    problems: list[str]
    briefing: Briefing | None = None
    hits: list[Hit] = field(default_factory=list)  # hits that block publication
    approved: list[Hit] = field(default_factory=list)  # hits recorded as false positives
    content_hash: str = ""


def current_briefing(review) -> Briefing | None:
    """The practitioner briefing the review would publish: its latest version that has not been withdrawn.

    (A 7-minute briefing passes the same gate on its own, but the review's publication rests on the practitioner briefing.)
    """
    return (review.briefings.filter(kind=BriefingKind.PRACTITIONER).exclude(status=BriefingStatus.WITHDRAWN)
            .order_by("-version").first())


def scan_briefing(briefing: Briefing, *, finder: Finder | None = None) -> GateResult:
    """Run the gate over one briefing (whatever its status). `finder` defaults to the text engine's."""
    finder = finder or find_identifiers
    review = briefing.review
    values, kind_of = review_identifiers(review)
    approved_keys = {(fp.normalised, fp.kind) for fp in FalsePositive.objects.filter(review=review)}
    blocking: list[Hit] = []
    approved: list[Hit] = []
    for section, text in briefing.texts().items():
        for hit in _section_hits(section, text, values, kind_of, finder):
            # A record never covers a restricted identifier the matcher is sure of, whenever it was made.
            if hit.approvable and (normalise_hit(hit.text), hit.kind) in approved_keys:
                approved.append(Hit(**{**hit.__dict__, "approved": True}))
            else:
                blocking.append(hit)
    return GateResult(
        ok=not blocking, problems=[h.problem for h in blocking], briefing=briefing, hits=blocking,
        approved=approved, content_hash=briefing.content_hash(),
    )


def review_identifiers(review) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """What the matcher is given for `review`: its (kind, value) identifiers plus the pseudonym (never
    reported), and each identifier's kind by its normalised value (to tell restricted hits from patterns)."""
    restricted = list(review.restricted_identifiers.all())
    values = [(ri.kind, ri.value) for ri in restricted if ri.value.strip()] + [("pseudonym", review.pseudonym)]
    return values, {normalise_hit(ri.value): ri.kind for ri in restricted}


def restricted_hits_in(text: str, review, *, finder: Finder | None = None) -> list[Hit]:
    """The review's own restricted identifiers the matcher is sure of in `text` alone (severity "block")."""
    values, kind_of = review_identifiers(review)
    return [h for h in _section_hits("text", text, values, kind_of, finder or find_identifiers) if not h.approvable]


def check_publishable(review, *, finder: Finder | None = None) -> GateResult:
    """Whether the review's current briefing may be published: `.ok`, and `.problems` as sentences.

    Fails when there is no briefing, when any hit is found, when the briefing
    has not passed the gate since its last change, and (failing closed) when
    anything goes wrong while checking.
    """
    try:
        # A savepoint, so a database error while checking leaves the caller's transaction usable.
        with transaction.atomic():
            return _check_publishable(review, finder=finder)
    except Exception:
        logger.exception("The anonymisation gate failed while checking review %s", getattr(review, "pk", None))
        return GateResult(ok=False, problems=[CHECK_FAILED])


def _check_publishable(review, *, finder: Finder | None) -> GateResult:
    briefing = current_briefing(review)
    if briefing is None:
        return GateResult(ok=False, problems=["This review has no practitioner briefing yet: write one before publishing."])
    result = scan_briefing(briefing, finder=finder)
    if result.ok and briefing.status == BriefingStatus.DRAFT:
        result.ok = False
        result.problems.append(
            f"Briefing version {briefing.version} has not passed the anonymisation gate since it last changed: run the gate."
        )
    elif result.ok and briefing.status == BriefingStatus.GATE_PASSED and not briefing.gate_still_valid:
        result.ok = False
        result.problems.append(f"Briefing version {briefing.version} has changed since it passed the gate: run the gate again.")
    return result


def _section_hits(section: str, text: str, values: list, kind_of: dict[str, str], finder: Finder) -> list[Hit]:
    if not text.strip():
        return []
    hits = []
    for raw in finder(text, values):
        start, end = int(raw["start"]), int(raw["end"])
        restricted_kind = _restricted_kind(raw, text[start:end], kind_of)
        hits.append(Hit(
            section=section, start=start, end=end, text=text[start:end],
            kind=restricted_kind or str(raw.get("kind") or "pattern"), restricted=restricted_kind is not None,
            severity="possible" if raw.get("severity") == "possible" else "block",  # anything else fails closed
        ))
    return _drop_overlaps(hits)


def _restricted_kind(raw: dict, found: str, kind_of: dict[str, str]) -> str | None:
    """The restricted identifier's kind when the hit is one of the review's own identifiers."""
    for candidate in (raw.get("matched"), found):
        if isinstance(candidate, str) and normalise_hit(candidate) in kind_of:
            return kind_of[normalise_hit(candidate)]
    return None


def _drop_overlaps(hits: list[Hit]) -> list[Hit]:
    """One hit per stretch of text: a restricted identifier wins over a pattern, then the longer hit."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (not h.restricted, -(h.end - h.start), h.start)):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def highlight(text: str, hits: list[Hit]) -> list[dict]:
    """Split a section's text into plain and highlighted pieces for the gate results page."""
    pieces, at = [], 0
    for number, hit in enumerate(sorted(hits, key=lambda h: h.start), start=1):
        if hit.start > at:
            pieces.append({"text": text[at:hit.start], "hit": None})
        pieces.append({"text": text[hit.start:hit.end], "hit": hit, "number": number})
        at = hit.end
    if at < len(text):
        pieces.append({"text": text[at:], "hit": None})
    return pieces


def mask(text: str, hits: list[Hit], replacement: str = "[removed]") -> str:
    """The text with every hit replaced: the last line of defence on public renderings."""
    for hit in sorted(hits, key=lambda h: h.start, reverse=True):
        text = text[:hit.start] + replacement + text[hit.end:]
    return text
