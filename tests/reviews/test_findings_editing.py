"""Findings can be changed, reordered and withdrawn (with a reason, audited) until the review is signed off.

Withdrawn findings are kept with who, when and why, leave everything built from the findings, and
the ones after them are renumbered so the numbers in force run 1..n.
"""

from __future__ import annotations

import pytest

from casereview.audit.models import AuditEvent
from casereview.audit.services import text_reference
from casereview.core.refusals import Refused
from casereview.reviews import services
from casereview.reviews.models import LearningPoint, SingleAgencyRecommendation, Stage


@pytest.fixture
def points(review, reviewer_helen, now):
    return [services.add_learning_point(review=review, text=text, themes=[], by=reviewer_helen, now=now)
            for text in ("First: plans drifted.", "Second: fathers unseen.", "Third: no escalation.")]


def _numbers(review):
    return [(lp.number, lp.text.split(":")[0]) for lp in review.learning_points.order_by("number")]


def test_reviewer_helen_changes_a_learning_point_and_the_audit_keeps_references_not_words(review, points,
                                                                                           reviewer_helen, now):
    services.edit_learning_point(point=points[1], text="Second: fathers were never seen alone.",
                                 themes=["voice-of-child"], by=reviewer_helen, now=now)
    point = LearningPoint.objects.get(pk=points[1].pk)
    assert point.text == "Second: fathers were never seen alone." and point.theme_ids == ["voice-of-child"]
    event = AuditEvent.objects.get(action="reviews.edit_learning_point")
    assert event.changes["text"] == [text_reference("Second: fathers unseen."),
                                     text_reference("Second: fathers were never seen alone.")]
    assert "fathers" not in str(event.changes) + event.summary


def test_moving_a_learning_point_swaps_it_with_its_neighbour(review, points, reviewer_helen, now):
    services.move_finding(finding=points[2], direction="up", by=reviewer_helen, now=now)
    assert _numbers(review) == [(1, "First"), (2, "Third"), (3, "Second")]
    services.move_finding(finding=points[0], direction="down", by=reviewer_helen, now=now)
    assert _numbers(review) == [(1, "Third"), (2, "First"), (3, "Second")]
    with pytest.raises(Refused, match="already first"):
        services.move_finding(finding=LearningPoint.objects.get(number=1), direction="up", by=reviewer_helen, now=now)
    assert AuditEvent.objects.filter(action="reviews.move_finding").count() == 2


def test_withdrawing_needs_a_reason_keeps_the_finding_and_renumbers_the_rest(review, points, reviewer_helen, now):
    with pytest.raises(Refused, match="Enter why"):
        services.withdraw_finding(finding=points[0], reason=" ", by=reviewer_helen, now=now)
    services.withdraw_finding(finding=points[0], reason="Duplicates the second point.", by=reviewer_helen, now=now)
    assert _numbers(review) == [(1, "Second"), (2, "Third")]
    kept = LearningPoint.all_objects.get(pk=points[0].pk)
    assert (kept.number, kept.withdrawn_by, kept.withdrawn_reason) == (1, reviewer_helen, "Duplicates the second point.")
    event = AuditEvent.objects.get(action="reviews.withdraw_finding")
    assert event.changes["reason"] == text_reference("Duplicates the second point.")
    # The next one added follows the ones in force.
    added = services.add_learning_point(review=review, text="Fourth", themes=[], by=reviewer_helen, now=now)
    assert added.number == 3
    with pytest.raises(Refused, match="has been withdrawn"):
        services.edit_learning_point(point=kept, text="Back again", themes=[], by=reviewer_helen, now=now)


def test_a_withdrawn_finding_leaves_the_briefing_draft_and_the_json_export(review, points, reviewer_helen, now,
                                                                          client_for):
    from casereview.publishing.compose import learning_points_for

    services.withdraw_finding(finding=points[1], reason="Not borne out by the chronology.", by=reviewer_helen, now=now)
    assert "fathers unseen" not in learning_points_for(review)
    data = client_for(reviewer_helen).get(f"/reviews/{review.pk}/export.json").json()
    assert [lp["text"] for lp in data["learning_points"]] == ["First: plans drifted.", "Third: no escalation."]


def test_recommendations_and_single_agency_recommendations_change_move_and_withdraw(review, points, manager_rob, police,
                                                                                   now):
    recs = [services.add_recommendation(review=review, text=f"Rec {n}", themes=[], by=manager_rob, now=now)
            for n in (1, 2)]
    services.edit_recommendation(recommendation=recs[0], text="Rec 1, reworded", themes=["quality-assurance"], by=manager_rob,
                                 now=now, addressee_agency=police, learning_points=[points[0]])
    recs[0].refresh_from_db()
    assert recs[0].addressee == "Northshire Police" and list(recs[0].learning_points.all()) == [points[0]]
    services.move_finding(finding=recs[1], direction="up", by=manager_rob, now=now)
    assert [r.text for r in review.recommendations.order_by("number")] == ["Rec 2", "Rec 1, reworded"]
    singles = [services.add_single_agency_recommendation(review=review, agency=police, text=f"Police {n}", by=manager_rob,
                                                         now=now) for n in (1, 2)]
    services.edit_single_agency_recommendation(recommendation=singles[1], text="Police 2, reworded", by=manager_rob, now=now)
    services.withdraw_finding(finding=singles[0], reason="Already done.", by=manager_rob, now=now)
    assert [(s.number, s.text) for s in review.single_agency_recommendations.all()] == [(1, "Police 2, reworded")]
    assert SingleAgencyRecommendation.all_objects.filter(review=review).count() == 2


@pytest.mark.parametrize("stage", [Stage.SIGNED_OFF, Stage.PUBLISHED, Stage.ACTION_MONITORING])
def test_after_sign_off_findings_cannot_change(review, points, reviewer_helen, now, stage):
    review.stage = stage
    review.save()
    attempts = [
        lambda: services.edit_learning_point(point=points[0], text="Changed", themes=[], by=reviewer_helen, now=now),
        lambda: services.move_finding(finding=points[1], direction="up", by=reviewer_helen, now=now),
        lambda: services.withdraw_finding(finding=points[2], reason="Late change", by=reviewer_helen, now=now),
        lambda: services.add_learning_point(review=review, text="Late", themes=[], by=reviewer_helen, now=now),
    ]
    for attempt in attempts:
        with pytest.raises(Refused, match="until the review is signed off"):
            attempt()
    assert _numbers(review) == [(1, "First"), (2, "Second"), (3, "Third")]


def test_the_findings_page_offers_changes_and_shows_theme_tags_after_the_text(review, client_for, reviewer_helen, now):
    services.add_learning_point(review=review, text="Plans drifted.", themes=["drift-and-delay"], by=reviewer_helen, now=now)
    page = client_for(reviewer_helen).get(f"/reviews/{review.pk}/findings/").content.decode()
    assert '<p class="govuk-body govuk-!-margin-bottom-1">Plans drifted.</p>' in page
    tag = page.index('<strong class="govuk-tag govuk-tag--grey">', page.index("Plans drifted."))
    assert tag > page.index("Plans drifted.</p>")
    assert "Change<span class=\"govuk-visually-hidden\"> learning point 1" in page and "Withdraw" in page
    assert "Move up" not in page and "Move down" not in page  # the only one


def test_reviewer_helen_withdraws_through_the_page_and_the_team_sees_why(review, points, client_for, reviewer_helen):
    client = client_for(reviewer_helen)
    url = f"/reviews/{review.pk}/findings/learning-point/{points[0].pk}/withdraw/"
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Duplicates the second point."}, follow=True)
    page = response.content.decode()
    assert "Learning point 1 withdrawn. The findings after it are renumbered." in page
    assert "Learning point (was number 1)" in page and "Duplicates the second point." in page
    response = client.post(f"/reviews/{review.pk}/findings/learning-point/{points[2].pk}/move/", {"direction": "up"})
    assert response.status_code == 302 and _numbers(review) == [(1, "Third"), (2, "Second")]


def test_after_sign_off_the_page_offers_no_change_and_a_post_is_refused(review, points, client_for, reviewer_helen):
    review.stage = Stage.SIGNED_OFF
    review.save()
    client = client_for(reviewer_helen)
    page = client.get(f"/reviews/{review.pk}/findings/").content.decode()
    assert "Withdraw" not in page and "Add a learning point" not in page and "no longer change" in page
    response = client.post(f"/reviews/{review.pk}/learning-points/{points[0].pk}/edit/", {"text": "Changed"})
    assert response.status_code == 400 and "until the review is signed off" in response.content.decode()


def test_board_margaret_and_police_claire_cannot_change_findings(review, points, client_for, board_margaret,
                                                                 police_claire):
    for user in (board_margaret, police_claire):
        client = client_for(user)
        assert client.get(f"/reviews/{review.pk}/learning-points/{points[0].pk}/edit/").status_code == 403
        assert client.post(f"/reviews/{review.pk}/findings/learning-point/{points[0].pk}/withdraw/",
                           {"reason": "x"}).status_code == 403
    assert _numbers(review) == [(1, "First"), (2, "Second"), (3, "Third")]
