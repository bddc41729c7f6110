"""Deadlines in working days, the dashboard panel and the calendar feed."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.reviews import services
from casereview.reviews.deadlines import deadlines_for, due_soon
from casereview.reviews.ical import calendar_text, fold
from tests.reviews.feeds import issue_feed


def test_notification_is_due_five_working_days_after_awareness(review):
    assert review.aware_date == dt.date(2026, 11, 2)  # a Monday
    assert review.notification_due == dt.date(2026, 11, 9)


def test_rapid_review_is_due_fifteen_working_days_after_notification(review, manager_rob, now):
    assert review.rapid_review_due == dt.date(2026, 11, 30)  # counted from the notification due date while not notified
    services.update_review(review=review, notified_date=dt.date(2026, 11, 4), by=manager_rob, now=now)
    assert review.rapid_review_due == dt.date(2026, 11, 25)


def test_bank_holidays_are_not_working_days(review, manager_rob, now):
    services.update_review(review=review, notified_date=dt.date(2026, 12, 17), aware_date=dt.date(2026, 12, 16),
                           incident_date=dt.date(2026, 12, 15), by=manager_rob, now=dt.datetime(2026, 12, 18, tzinfo=dt.UTC))
    # 25, 28 (substitute for Boxing Day) December and 1 January are bank holidays.
    assert review.notification_due == dt.date(2026, 12, 23)
    assert review.rapid_review_due == dt.date(2027, 1, 12)


def test_the_review_target_follows_the_configured_months_after_the_decision(review, settings):
    review.decision_date = dt.date(2026, 8, 31)
    assert review.lcspr_due == dt.date(2027, 2, 28)
    settings.CASEREVIEW_LCSPR_TARGET_MONTHS = 9
    assert review.lcspr_due == dt.date(2027, 5, 31)


def test_lateness_is_counted_in_working_days(review):
    review.notified_date = dt.date(2026, 11, 4)
    review.rapid_review_completed_date = dt.date(2026, 11, 30)  # due 25 Nov: 3 working days late
    assert review.rapid_review_on_time is False
    assert review.rapid_review_working_days_late == 3


def test_manager_rob_sees_overdue_and_upcoming_deadlines_of_the_partnership(review, manager_rob):
    overdue, soon = due_soon(deadlines_for(manager_rob, scope="partnership"), today=dt.date(2026, 11, 20),
                             calendar="england-and-wales")
    assert [d.what for d in overdue] == ["Notify the national panel"]
    assert [(d.what, d.due) for d in soon] == [("Complete the rapid review", dt.date(2026, 11, 30))]


def test_a_police_contributor_sees_only_her_agencys_requests(review, police_claire, health_tom, manager_rob, now,
                                                               health_visiting):
    services.add_participating_agency(review=review, agency=health_visiting, by=manager_rob, now=now)
    for participation in review.participating_agencies.all():
        services.request_item(participation=participation, item="chronology", due_date=dt.date(2026, 11, 27),
                              by=manager_rob, now=now)
    assert [d.agency for d in deadlines_for(police_claire)] == ["Northshire Police"]
    assert [d.agency for d in deadlines_for(health_tom)] == ["Northshire Community Health"]


def test_the_dashboard_shows_the_deadlines_panel(review, client_for, manager_rob, reviewer_helen):
    page = client_for(manager_rob).get("/dashboard/").content.decode()
    assert "Partnership deadlines" in page and "LCSPR-2026-001" in page
    page = client_for(reviewer_helen).get("/dashboard/").content.decode()
    assert "Your deadlines" in page and "Notify the national panel" in page


def test_reviewer_helen_gets_a_calendar_feed_of_her_deadlines_by_secret_address(review, client_for, reviewer_helen, client):
    token = issue_feed(client_for(reviewer_helen))
    client.logout()
    response = client.get(f"/reviews/calendar/{token}.ics")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20261109" in body and "Notify the national panel: LCSPR-2026-001 (Ava)" in body
    assert "Zelphine" not in body


def test_an_unknown_or_replaced_calendar_address_is_not_found(review, client_for, reviewer_helen, client):
    user_client = client_for(reviewer_helen)
    old = issue_feed(user_client)
    issue_feed(user_client)
    client.logout()
    assert client.get(f"/reviews/calendar/{old}.ics").status_code == 404
    assert client.get("/reviews/calendar/guess.ics").status_code == 404


def test_a_deactivated_users_feed_stops_working(review, client_for, reviewer_helen, client):
    token = issue_feed(client_for(reviewer_helen))
    reviewer_helen.is_active = False
    reviewer_helen.save()
    client.logout()
    assert client.get(f"/reviews/calendar/{token}.ics").status_code == 404


@pytest.mark.parametrize("text", ["a" * 200, "é" * 100, "Review, with; commas\nand lines"])
def test_ical_lines_are_folded_within_75_octets(text):
    body = calendar_text([], now=dt.datetime(2026, 11, 20, tzinfo=dt.UTC), host="example.org", name=text)
    for line in body.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    unfolded = body.replace("\r\n ", "")
    assert "X-WR-CALNAME:" in unfolded
    assert fold("short") == "short"
