"""The overview's "what happens next": a task list per stage from the same guards that refuse a move."""

from __future__ import annotations

import pytest

from casereview.reviews import workflow
from casereview.reviews.models import Stage

# For each stage on the way, the stage worked towards and the tasks still to do on a fresh review.
EXPECTED = {
    Stage.NOTIFIED: (Stage.RAPID_REVIEW, ["Record the date the national panel was notified"]),
    Stage.RAPID_REVIEW: (Stage.DECIDED, ["Record the decision against the statutory criteria"]),
    Stage.TERMS_OF_REFERENCE: (Stage.INFORMATION_GATHERING, ["Record the terms of reference", "Add a participating agency"]),
    # Nothing requested yet, so nothing is outstanding: only the request is to do.
    Stage.INFORMATION_GATHERING: (Stage.ANALYSIS, ["Request an item from a participating agency"]),
    Stage.ANALYSIS: (Stage.DRAFT_REPORT, []),
    Stage.DRAFT_REPORT: (Stage.SIGNED_OFF, ["Record at least one learning point", "Record at least one recommendation"]),
    Stage.PUBLISHED: (Stage.ACTION_MONITORING, []),
    Stage.ACTION_MONITORING: (Stage.CLOSED, []),
}


@pytest.mark.parametrize("stage", list(EXPECTED))
def test_each_stage_lists_what_blocks_the_next_one(review, stage):
    review.stage = stage
    if stage == Stage.TERMS_OF_REFERENCE:
        review.participating_agencies.all().delete()
    steps = workflow.next_steps(review)
    next_stage, labels = EXPECTED[stage]
    assert steps.stage == next_stage
    assert [c.label for c in steps.checks if not c.done] == labels
    assert steps.ready == (not [c for c in steps.checks if not c.done])


def test_a_final_stage_has_nothing_next(review):
    for stage in (Stage.CLOSED, Stage.NO_FURTHER_REVIEW, Stage.CONVERTED):
        review.stage = stage
        assert workflow.next_steps(review).stage is None and not workflow.next_steps(review).ready


@pytest.mark.parametrize("stage", workflow.main_path()[:-1])
def test_the_task_list_and_the_refusal_never_disagree(review, advance, stage):
    """Along the whole main path: the move is refused exactly with the task list's undone checks' problems."""
    review = advance(review, stage)
    steps = workflow.next_steps(review)
    problems = workflow.transition_problems(review, steps.stage)
    assert problems == [c.problem for c in steps.checks if not c.done]
    assert steps.ready == (problems == [])


def test_after_a_decision_not_to_review_the_next_stage_is_no_further_review(review, manager_rob, now):
    from casereview.reviews import services

    review.stage = Stage.RAPID_REVIEW
    review.notified_date = review.aware_date
    review.save()
    services.record_decision(review=review, outcome="no_further_review", decision_makers="Chair",
                             decided_on=review.aware_date, rationale="Criteria not met", by=manager_rob, now=now,
                             move_stage=True)
    review.refresh_from_db()
    assert review.stage == Stage.DECIDED
    steps = workflow.next_steps(review)
    assert steps.stage == Stage.NO_FURTHER_REVIEW and steps.ready


def test_manager_rob_sees_the_task_list_with_links_and_the_move_once_nothing_blocks(review, client_for, manager_rob):
    client = client_for(manager_rob)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "What happens next" in page and "To move to <strong>Rapid review</strong>" in page
    assert f'href="/reviews/{review.pk}/edit/"' in page and "Record the date the national panel was notified" in page
    assert "?to=rapid_review" not in page  # blocked: no move offered
    review.notified_date = review.aware_date
    review.save()
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Completed" in page and f'href="/reviews/{review.pk}/stage/?to=rapid_review"' in page


def test_panel_dev_sees_the_tasks_but_only_links_to_what_a_panel_member_may_do(review, client_for, panel_dev):
    review.stage = Stage.RAPID_REVIEW
    review.notified_date = review.aware_date
    review.save()
    page = client_for(panel_dev).get(f"/reviews/{review.pk}/").content.decode()
    assert f'href="/reviews/{review.pk}/decision/"' in page  # panel members record decisions
    review.decisions.create(criteria_basis="wt2018", outcome="no_further_review", decision_makers="Chair",
                            decided_on=review.aware_date, rationale="r", recorded_by=panel_dev, recorded_at=review.created_at)
    page = client_for(panel_dev).get(f"/reviews/{review.pk}/").content.decode()
    assert "/stage/?to=decided" not in page and "A review manager can now move the review to Decided." in page


def test_board_margaret_sees_no_task_list(review, client_for, board_margaret):
    review.stage = Stage.SIGNED_OFF
    review.save()
    assert "What happens next" not in client_for(board_margaret).get(f"/reviews/{review.pk}/").content.decode()
