"""A rapid review decided to go to an LCSPR becomes an LCSPR: recorded, audited, explained on the overview;
recording the decision can move the stage in the same step, through the same guards."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.audit.models import AuditEvent
from casereview.core.refusals import Refused
from casereview.reviews import services
from casereview.reviews.models import Decision, ReviewConversion, ReviewType, Stage

CRITERIA = dict(abuse_or_neglect=True, child_seriously_harmed=True, reason_improvements_needed=True)


@pytest.fixture
def rapid(review):
    review.review_type = ReviewType.objects.get(slug="rapid-review")
    review.stage, review.notified_date = Stage.RAPID_REVIEW, dt.date(2026, 11, 4)
    review.save()
    return review


def _decide(review, by, now, outcome="review", **extra):
    return services.record_decision(review=review, outcome=outcome, decision_makers="Chair", decided_on=dt.date(2026, 11, 18),
                                    rationale="Criteria met", by=by, now=now, **(CRITERIA if outcome == "review" else {}),
                                    **extra)


def test_a_decision_to_review_turns_a_rapid_review_into_an_lcspr(rapid, manager_rob, now):
    decision = _decide(rapid, manager_rob, now)
    rapid.refresh_from_db()
    assert rapid.review_type.slug == "local-child-safeguarding-practice-review"
    conversion = ReviewConversion.objects.get(review=rapid)
    assert (conversion.from_type.slug, conversion.decision, conversion.by, conversion.at) == \
        ("rapid-review", decision, manager_rob, now)
    assert conversion.reason == ("The decision of 18 November 2026 was to undertake a review, so the rapid review "
                                 "continues as a local child safeguarding practice review.")
    event = AuditEvent.objects.get(action="reviews.convert", object_id=str(rapid.pk))
    assert event.changes["type"] == ["rapid-review", "local-child-safeguarding-practice-review"]
    assert rapid.stage == Stage.RAPID_REVIEW  # the box was not ticked


def test_a_decision_not_to_review_keeps_the_rapid_review(rapid, manager_rob, now):
    _decide(rapid, manager_rob, now, outcome="no_further_review")
    rapid.refresh_from_db()
    assert rapid.review_type.slug == "rapid-review" and not ReviewConversion.objects.exists()


def test_an_lcspr_is_not_converted_again(review, manager_rob, now):
    review.stage = Stage.RAPID_REVIEW
    review.save()
    _decide(review, manager_rob, now)
    assert not ReviewConversion.objects.exists()


def test_the_box_moves_the_review_to_decided_in_the_same_step(rapid, manager_rob, now):
    _decide(rapid, manager_rob, now, move_stage=True)
    rapid.refresh_from_db()
    assert rapid.stage == Stage.DECIDED and rapid.rapid_review_completed_date == dt.date(2026, 11, 18)
    change = rapid.stage_changes.get()
    assert (change.from_stage, change.reason) == (Stage.RAPID_REVIEW, "Decision recorded: undertake a review.")


def test_a_move_the_workflow_refuses_records_nothing(review, manager_rob, now):
    """From "notified" a decision cannot move the stage: nothing is kept, not even the decision."""
    with pytest.raises(Refused, match="cannot move a review at Notified"):
        _decide(review, manager_rob, now, move_stage=True)
    assert not Decision.objects.exists() and not AuditEvent.objects.filter(action="reviews.record_decision").exists()


def test_at_decided_a_new_decision_to_review_moves_to_terms_of_reference(rapid, manager_rob, now):
    _decide(rapid, manager_rob, now, outcome="no_further_review", move_stage=True)
    rapid.refresh_from_db()
    assert rapid.stage == Stage.DECIDED
    _decide(rapid, manager_rob, now, move_stage=True)
    rapid.refresh_from_db()
    assert rapid.stage == Stage.TERMS_OF_REFERENCE and rapid.review_type.slug == "local-child-safeguarding-practice-review"


def test_manager_rob_ticks_the_box_and_the_overview_explains_the_conversion(rapid, client_for, manager_rob):
    client = client_for(manager_rob)
    form = client.get(f"/reviews/{rapid.pk}/decision/").content.decode()
    assert "Move the review to Decided now" in form and "turns this rapid review into a local child" in form
    response = client.post(f"/reviews/{rapid.pk}/decision/", {
        "outcome": "review", "decision_makers": "Chair", "decided_on": "2026-11-18", "rationale": "Because",
        "abuse_or_neglect": "on", "child_seriously_harmed": "on", "reason_improvements_needed": "on", "move_stage": "on"},
        follow=True)
    assert "The review is now a local child safeguarding practice review. It has moved to Decided." in \
        response.content.decode()
    overview = client.get(f"/reviews/{rapid.pk}/").content.decode()
    assert "Converted from rapid review to local child safeguarding practice review on" in overview
    assert "Local child safeguarding practice review · " in overview  # the caption names the new type


def test_decisions_are_offered_only_while_they_can_be_recorded(review, client_for, manager_rob):
    client = client_for(manager_rob)
    assert "Record a decision" in client.get(f"/reviews/{review.pk}/decisions/").content.decode()
    review.stage = Stage.ACTION_MONITORING
    review.save()
    page = client.get(f"/reviews/{review.pk}/decisions/").content.decode()
    assert "Record a decision" not in page and "the terms of reference</a>" not in page
    assert "No decision recorded yet." in page and "Not yet recorded." in page
