"""Review fixtures: one open review of the test partnership with its team assigned."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest

from casereview.reviews import hooks
from casereview.reviews.models import (
    ParticipatingAgency,
    RestrictedIdentifier,
    Review,
    ReviewMembership,
    ReviewType,
    RoleInReview,
)


@pytest.fixture
def lcspr_type(db) -> ReviewType:
    return ReviewType.objects.get(slug="local-child-safeguarding-practice-review")


@pytest.fixture
def scr_type(db) -> ReviewType:
    return ReviewType.objects.get(slug="serious-case-review")


@pytest.fixture
def review(partnership, lcspr_type, reviewer_helen, panel_dev, police, now) -> Review:
    """LCSPR-2026-001 about "Ava", aware on Monday 2 November 2026, with Helen and Dev assigned and the police taking part."""
    review = Review.objects.create(
        partnership=partnership, reference="LCSPR-2026-001", review_type=lcspr_type, title="Ava, 8 months",
        pseudonym="Ava", age_at_incident="8 months", outcome="seriously-harmed", incident_date=dt.date(2026, 10, 30),
        aware_date=dt.date(2026, 11, 2), created_at=now, updated_at=now,
    )
    ReviewMembership.objects.create(review=review, user=reviewer_helen, role_in_review=RoleInReview.REVIEWER)
    ReviewMembership.objects.create(review=review, user=panel_dev, role_in_review=RoleInReview.PANEL_MEMBER)
    ParticipatingAgency.objects.create(review=review, agency=police)
    RestrictedIdentifier.objects.create(review=review, kind="name", value="Zelphine Quarrington", label="Child")
    return review


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    """Uploaded agency documents go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "uploads"


@contextmanager
def publication_check(check):
    """Register `check` as the publication check for the block, then put back the one it replaced.

    Only for the tests of the hook itself (none registered, a check that crashes): every
    other test publishes through the real anonymisation gate (`publish_through_the_gate`).
    """
    previous = hooks.register_publication_check(check)
    try:
        yield check
    finally:
        hooks.register_publication_check(previous)


def publish_through_the_gate(review, *, by, approver, now):
    """The real path to "published": draft the briefing from the findings, `by` runs the anonymisation gate,
    `approver` (a second person) approves, `by` publishes. A briefing already published is left as it is."""
    from casereview.publishing.gate import current_briefing
    from casereview.publishing.services import (
        approve_briefing,
        create_briefing_from_review,
        publish_briefing,
        run_gate,
    )

    briefing = current_briefing(review) or create_briefing_from_review(review=review, by=by, now=now)
    if briefing.status == "published":
        return briefing
    result = run_gate(briefing=briefing, by=by, now=now)
    assert result.ok, result.problems
    approve_briefing(briefing=briefing, by=approver, now=now)
    return publish_briefing(briefing=briefing, by=by, now=now)


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml",
                   '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
    return buffer.getvalue()


@pytest.fixture
def advance(manager_rob, admin_asha, now):
    """advance(review, stage): walk a review along the main path to `stage`, doing what each guard needs
    (publishing goes through the real gate: Rob runs it, Asha approves)."""
    from casereview.reviews import services
    from casereview.reviews.workflow import main_path

    def do(review, stage):
        review.refresh_from_db()
        path = main_path()
        for target in path[path.index(review.stage) + 1: path.index(stage) + 1]:
            _satisfy(review, target, manager_rob, now, approver=admin_asha)
            review = services.change_stage(review=review, to_stage=target, reason=f"Test moves to {target}",
                                           by=manager_rob, now=now)
        return review

    return do


def _satisfy(review, target, by, now, *, approver=None):
    from casereview.reviews import services

    if target == "rapid_review" and review.notified_date is None:
        services.update_review(review=review, notified_date=dt.date(2026, 11, 4), by=by, now=now)
    elif target == "decided" and not review.decisions.exists():
        services.record_decision(review=review, outcome="review", decision_makers="Chair", decided_on=dt.date(2026, 11, 18),
                                 rationale="Criteria met", by=by, now=now, abuse_or_neglect=True,
                                 child_seriously_harmed=True, reason_improvements_needed=True)
    elif target == "information_gathering":
        services.save_terms_of_reference(review=review, period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 10, 30),
                                         lines_of_enquiry="How risk was assessed", by=by, now=now)
    elif target == "analysis":
        participation = review.participating_agencies.first()
        request = services.request_item(participation=participation, item="agency_report", due_date=dt.date(2026, 12, 4),
                                        by=by, now=now)
        services.upload_document(request=request, name="report.pdf", data=PDF, by=by, now=now)
    elif target == "signed_off":
        point = services.add_learning_point(review=review, text="Risk factors should be fully explored.", themes=["risk-assessment"],
                                            by=by, now=now)
        services.add_recommendation(review=review, text="The partnership should seek assurance.", themes=[], by=by, now=now,
                                    learning_points=[point])
    elif target == "published":
        publish_through_the_gate(review, by=by, approver=approver, now=now)
