"""Findings: learning points and recommendations with taxonomy themes, linked to each other."""

from __future__ import annotations

import pytest

from casereview.core.refusals import Refused
from casereview.reviews import services
from casereview.reviews.themes import theme_choices


def test_every_contract_theme_id_is_offered():
    ids = {i for i, _ in theme_choices()}
    assert {"dogs", "pre-birth", "drift-and-delay", "quality-assurance", "coercive-control"} <= ids


def test_an_unknown_theme_is_refused(review, reviewer_helen, now):
    with pytest.raises(Refused, match="not a theme of the taxonomy"):
        services.add_learning_point(review=review, text="Text", themes=["astrology"], by=reviewer_helen, now=now)


def test_reviewer_helen_adds_a_learning_point_and_a_recommendation_that_answers_it(review, client_for, reviewer_helen):
    client = client_for(reviewer_helen)
    client.post(f"/reviews/{review.pk}/learning-points/add/",
                {"text": "Actions set in the plan should be followed through.", "themes": ["drift-and-delay"]})
    point = review.learning_points.get()
    assert point.themes == [{"theme": "drift-and-delay", "evidence": ""}]
    response = client.post(f"/reviews/{review.pk}/recommendations/add/", {
        "text": "The partnership should seek assurance.", "learning_points": [point.pk], "themes": ["quality-assurance"]})
    assert response.status_code == 302
    rec = review.recommendations.get()
    assert rec.addressee == "The partnership" and list(rec.learning_points.all()) == [point]
    page = client.get(f"/reviews/{review.pk}/findings/").content.decode()
    assert "answers learning point 1" in page and "Drift and follow-through" in page or "drift-and-delay" in page


def test_an_empty_learning_point_is_refused_with_what_to_fix(review, client_for, reviewer_helen):
    response = client_for(reviewer_helen).post(f"/reviews/{review.pk}/learning-points/add/", {"text": ""})
    assert response.status_code == 400 and "Enter the learning point." in response.content.decode()


def test_suggest_themes_ticks_what_the_text_engine_finds(review, client_for, reviewer_helen, monkeypatch):
    from casereview.reviews import views

    monkeypatch.setattr(views.findings, "suggest_themes", lambda text: [{"theme": "dogs", "evidence": "dog"}])
    response = client_for(reviewer_helen).post(f"/reviews/{review.pk}/learning-points/add/",
                                               {"text": "Never leave a baby with a dog.", "suggest": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "Suggested themes have been ticked" in page
    assert 'value="dogs" checked' in page
    assert not review.learning_points.exists()


def test_board_margaret_does_not_see_draft_findings_until_sign_off(review, client_for, board_margaret, reviewer_helen,
                                                                   now):
    services.add_learning_point(review=review, text="Draft learning about supervision.", themes=[], by=reviewer_helen,
                                now=now)
    assert client_for(board_margaret).get(f"/reviews/{review.pk}/findings/").status_code == 404
    assert "Draft learning about supervision." not in client_for(board_margaret).get(f"/reviews/{review.pk}/").content.decode()
    review.stage = "signed_off"
    review.save()
    assert "Draft learning about supervision." in client_for(board_margaret).get(f"/reviews/{review.pk}/findings/").content.decode()
