"""Recording and running a review through its pages: bad input is refused with what to fix; changes are audited."""

from __future__ import annotations

from casereview.audit.models import AuditEvent
from casereview.reviews.models import Review

GOOD = {"review_type": "", "title": "Ivy, 3 months", "pseudonym": "Ivy", "age_at_incident": "3 months",
        "outcome": "seriously-harmed", "incident_date": "2026-11-16", "aware_date": "2026-11-17", "notified_date": ""}


def _good(lcspr_type):
    return {**GOOD, "review_type": lcspr_type.pk}


def test_manager_rob_records_a_notification_and_gets_a_reference(client_for, manager_rob, lcspr_type):
    response = client_for(manager_rob).post("/reviews/new/", _good(lcspr_type))
    review = Review.objects.get(pseudonym="Ivy")
    assert response["Location"] == f"/reviews/{review.pk}/"
    assert review.reference == "LCSPR-2026-001" and review.stage == "notified"
    assert AuditEvent.objects.filter(action="reviews.create", actor=manager_rob).exists()
    page = client_for(manager_rob).get(f"/reviews/{review.pk}/").content.decode()
    assert "Not yet (due 24 November 2026)" in page


def test_a_notification_with_missing_or_impossible_dates_is_refused_with_what_to_fix(client_for, manager_rob, lcspr_type):
    response = client_for(manager_rob).post("/reviews/new/", {**_good(lcspr_type), "pseudonym": "",
                                                              "aware_date": "2026-11-10"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the pseudonym of the child." in page
    assert "must be on or after the incident date" in page
    assert not Review.objects.exists()


def test_a_future_aware_date_is_refused(client_for, manager_rob, lcspr_type):
    response = client_for(manager_rob).post("/reviews/new/", {**_good(lcspr_type), "aware_date": "2099-01-01"})
    assert "must be today or in the past" in response.content.decode()


def test_an_invalid_transition_from_the_page_says_what_is_allowed(review, client_for, manager_rob):
    response = client_for(manager_rob).post(f"/reviews/{review.pk}/stage/", {"to_stage": "published", "reason": "Go"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "From Notified the review can move to Rapid review or Converted." in page


def test_the_stage_form_requires_a_reason(review, client_for, manager_rob):
    response = client_for(manager_rob).post(f"/reviews/{review.pk}/stage/", {"to_stage": "rapid_review", "reason": ""})
    assert "Enter the reason." in response.content.decode()


def test_board_margaret_reads_the_review_but_cannot_change_it(review, client_for, board_margaret):
    client = client_for(board_margaret)
    assert client.get(f"/reviews/{review.pk}/").status_code == 200
    assert client.post(f"/reviews/{review.pk}/stage/", {"to_stage": "rapid_review", "reason": "x"}).status_code == 403


def test_a_manager_of_another_partnership_cannot_find_the_review(review, client_for, db):
    from casereview.accounts.models import Partnership
    from casereview.core.roles import Role
    from tests.conftest import _make

    elsewhere = Partnership.objects.create(name="Southshire")
    other = _make("sam", Role.REVIEW_MANAGER, elsewhere, name="Sam Lee")
    assert client_for(other).get(f"/reviews/{review.pk}/").status_code == 404


def test_reviewer_helen_records_terms_a_learning_event_and_family_involvement(review, client_for, reviewer_helen):
    client = client_for(reviewer_helen)
    bad = client.post(f"/reviews/{review.pk}/terms-of-reference/", {"period_start": "2026-01-01", "period_end": "2025-01-01",
                                                                    "lines_of_enquiry": ""})
    assert "Enter the key lines of enquiry." in bad.content.decode()
    client.post(f"/reviews/{review.pk}/terms-of-reference/", {"period_start": "2025-01-01", "period_end": "2026-10-30",
                                                              "lines_of_enquiry": "How risk was assessed\nHow fathers were seen"})
    bad = client.post(f"/reviews/{review.pk}/learning-events/add/", {"held_on": "2026-11-12", "facilitator": "Helen",
                                                                     "attendees": "Police detective"})
    assert "Line 1 must be &quot;Agency: role&quot;" in bad.content.decode()
    client.post(f"/reviews/{review.pk}/learning-events/add/", {"held_on": "2026-11-12", "facilitator": "Helen Marsh",
                                                               "attendees": "Police: detective sergeant\nHealth: health visitor",
                                                               "episodes": "Discharge from hospital"})
    client.post(f"/reviews/{review.pk}/family/add/", {"family_member": "Mother", "status": "accepted",
                                                      "status_date": "2026-11-13"})
    page = client.get(f"/reviews/{review.pk}/decisions/").content.decode() + client.get(
        f"/reviews/{review.pk}/learning-event-and-family/").content.decode()
    assert "How fathers were seen" in page and "Police (detective sergeant)" in page and "Mother</strong>: Accepted" in page


def test_the_notification_form_takes_dates_as_day_month_and_year(client_for, manager_rob, lcspr_type):
    client = client_for(manager_rob)
    form = client.get("/reviews/new/").content.decode()
    assert 'name="incident_date_day"' in form and 'name="incident_date_month"' in form and 'type="date"' not in form
    dates = {"incident_date_day": "16", "incident_date_month": "11", "incident_date_year": "2026",
             "aware_date_day": "17", "aware_date_month": "11", "aware_date_year": "2026"}
    fields = {k: v for k, v in _good(lcspr_type).items() if not k.endswith("_date")}
    response = client.post("/reviews/new/", {**fields, **dates})
    assert response.status_code == 302
    review = Review.objects.get(pseudonym="Ivy")
    assert str(review.incident_date) == "2026-11-16" and str(review.aware_date) == "2026-11-17"
    refused = client.post("/reviews/new/", {**fields, **dates, "aware_date_month": "", "pseudonym": "Ivy 2"})
    assert refused.status_code == 400
    assert "Date the local authority became aware must include a month" in refused.content.decode()
