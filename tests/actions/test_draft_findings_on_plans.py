"""Draft findings stay off the action plan pages and board reports until the review is signed off.

One rule (reviews.access.findings_visible_to): the review's team and auditors read
recommendations at any stage; board members and agency contributors only from sign-off.
"""

from __future__ import annotations

import pytest

from casereview.reviews.models import Review, Stage

REC = "Agencies should follow actions through and evidence them as completed."
POLICE_REC = "Officers attending domestic incidents should record the children present."


@pytest.fixture
def draft_plan(review, police_recommendation, make_action, police):
    make_action()
    make_action(parent=police_recommendation, description="Brief officers on recording children")
    Review.objects.filter(pk=review.pk).update(stage=Stage.DRAFT_REPORT)
    return review


def _sign_off(review):
    Review.objects.filter(pk=review.pk).update(stage=Stage.SIGNED_OFF)


@pytest.mark.parametrize("persona", ["board_margaret", "police_claire"])
def test_board_members_and_contributors_do_not_read_draft_recommendations_on_the_plan(persona, request, client_for,
                                                                                    draft_plan):
    client = client_for(request.getfixturevalue(persona))
    body = client.get(f"/actions/reviews/{draft_plan.pk}/").content.decode()
    assert "Withheld until the review is signed off" in body
    assert REC not in body and POLICE_REC not in body


def test_a_contributor_does_not_read_the_draft_recommendation_on_its_own_action(client_for, police_claire, draft_plan):
    action = draft_plan.actions.order_by("pk").first()
    body = client_for(police_claire).get(f"/actions/{action.pk}/").content.decode()
    assert REC not in body


def test_the_board_report_leaves_out_draft_single_agency_recommendations(client_for, board_margaret, draft_plan):
    client = client_for(board_margaret)
    assert POLICE_REC not in client.get("/actions/report/").content.decode()
    assert POLICE_REC not in client.get(f"/actions/reviews/{draft_plan.pk}/report/").content.decode()
    _sign_off(draft_plan)
    assert POLICE_REC[:40] in client.get("/actions/report/").content.decode()


def test_once_signed_off_the_board_reads_every_recommendation_on_the_plan(client_for, board_margaret, draft_plan):
    _sign_off(draft_plan)
    body = client_for(board_margaret).get(f"/actions/reviews/{draft_plan.pk}/").content.decode()
    assert REC in body and POLICE_REC in body


@pytest.mark.parametrize("persona", ["manager_rob", "auditor_ian"])
def test_the_review_team_and_auditors_read_draft_recommendations(persona, request, client_for, draft_plan):
    body = client_for(request.getfixturevalue(persona)).get(f"/actions/reviews/{draft_plan.pk}/").content.decode()
    assert REC in body and POLICE_REC in body
