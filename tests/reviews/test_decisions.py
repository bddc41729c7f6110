"""Decisions against the statutory criteria: a review that meets none cannot be recorded as meeting them."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.core.refusals import Refused
from casereview.reviews import services

BASE = {"decision_makers": "Independent chair", "decided_on": dt.date(2026, 11, 18), "rationale": "Considered"}


def test_a_decision_to_review_without_any_criterion_is_refused(review, manager_rob, now):
    with pytest.raises(Refused) as refused:
        services.record_decision(review=review, outcome="review", by=manager_rob, now=now, **BASE)
    assert "cannot be recorded as meeting them" in refused.value.problems[0]
    assert review.decisions.count() == 0


def test_an_lcspr_decision_needs_a_reason(review, manager_rob, now):
    with pytest.raises(Refused, match="Choose at least one reason"):
        services.record_decision(review=review, outcome="review", by=manager_rob, now=now, abuse_or_neglect=True,
                                 child_seriously_harmed=True, **BASE)


def test_a_legacy_scr_of_serious_harm_needs_concern_about_agencies_working_together(review, scr_type, manager_rob, now):
    review.review_type = scr_type
    review.save()
    with pytest.raises(Refused, match="how agencies worked together"):
        services.record_decision(review=review, outcome="review", by=manager_rob, now=now, abuse_or_neglect=True,
                                 child_seriously_harmed=True, **BASE)
    decision = services.record_decision(review=review, outcome="review", by=manager_rob, now=now, abuse_or_neglect=True,
                                        child_seriously_harmed=True, agencies_concern=True, **BASE)
    assert decision.meets_criteria and decision.criteria_basis == "wt2015"


def test_a_decision_to_review_sets_the_decision_date_and_is_audited(review, manager_rob, now):
    from casereview.audit.models import AuditEvent

    services.record_decision(review=review, outcome="review", by=manager_rob, now=now, abuse_or_neglect=True,
                             child_seriously_harmed=True, reason_recurrent_themes=True, **BASE)
    review.refresh_from_db()
    assert review.decision_date == dt.date(2026, 11, 18)
    assert review.lcspr_due == dt.date(2027, 5, 18)
    assert AuditEvent.objects.filter(action="reviews.record_decision", actor=manager_rob).exists()


def test_no_further_review_can_be_recorded_whatever_the_criteria(review, manager_rob, now):
    decision = services.record_decision(review=review, outcome="no_further_review", by=manager_rob, now=now, **BASE)
    assert not decision.meets_criteria
    review.refresh_from_db()
    assert review.decision_date is None


def test_a_decision_cannot_be_dated_in_the_future(review, manager_rob, now):
    with pytest.raises(Refused, match="today or in the past"):
        services.record_decision(review=review, outcome="no_further_review", by=manager_rob, now=now,
                                 **{**BASE, "decided_on": dt.date(2026, 12, 1)})


def test_the_decision_form_refuses_a_review_with_no_criterion_and_says_what_to_fix(review, client_for, panel_dev):
    response = client_for(panel_dev).post(f"/reviews/{review.pk}/decision/", {
        "outcome": "review", "decision_makers": "Chair", "decided_on": "2026-11-18", "rationale": "Because"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "A review that does not meet the criteria cannot be recorded as meeting them" in page
    assert "Abuse or neglect must be known or suspected." in page


def test_panel_dev_records_a_decision_and_the_national_panels_response(review, client_for, panel_dev):
    client = client_for(panel_dev)
    response = client.post(f"/reviews/{review.pk}/decision/", {
        "outcome": "review", "decision_makers": "Chair", "decided_on": "2026-11-18", "rationale": "Because",
        "abuse_or_neglect": "on", "child_seriously_harmed": "on", "reason_national_panel_view": "on"})
    assert response.status_code == 302
    decision = review.decisions.get()
    response = client.post(f"/reviews/{review.pk}/decision/{decision.pk}/panel-response/",
                           {"response": "The panel agrees with the decision.", "response_date": "2026-11-19"})
    assert response.status_code == 302
    page = client.get(f"/reviews/{review.pk}/decisions/").content.decode()
    assert "The panel agrees with the decision." in page and "The national panel considers a review appropriate" in page
