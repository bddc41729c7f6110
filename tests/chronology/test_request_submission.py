"""An agency's chronology upload answers its chronology request: submitted, off the due lists, a re-import a new version."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casereview.audit.models import AuditEvent
from casereview.chronology.models import Submission
from casereview.reviews import services as review_services
from casereview.reviews.deadlines import chase_list, deadlines_for
from casereview.reviews.workflow import transition_problems
from tests.chronology.conftest import HEALTH_ROWS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uploads_in_tmp")]

UNKNOWN_HEADERS = [["When", "Notes"], ["03/01/2019", "Home visit"]]


@pytest.fixture
def health_chronology_request(review, manager_rob, health_tom, now):
    """Health visiting was asked for its chronology by 23 November 2026 (overdue on the 24th)."""
    participation = review.participating_agencies.get(agency=health_tom.agency)
    return review_services.request_item(participation=participation, item="chronology", due_date=dt.date(2026, 11, 23),
                                        note="From March 2019 onwards.", by=manager_rob, now=now)


def _upload_from_request(client, request_obj, path):
    """What the request page's form does: post the file, with the agency, to the chronology upload."""
    page = client.get(reverse("reviews:request_upload", args=[request_obj.pk])).content.decode()
    action = page.split('enctype="multipart/form-data" novalidate action="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    with path.open("rb") as handle:
        return client.post(action, {"file": handle, "agency": request_obj.participating_agency.agency_id})


def test_health_toms_chronology_upload_from_his_request_marks_it_submitted_and_off_the_due_lists(
        review, health_chronology_request, client_for, health_tom, manager_rob, write_xlsx):
    today = dt.date(2026, 11, 24)
    assert health_chronology_request.pk in [r.pk for r in chase_list(manager_rob, today=today)]
    assert f"request-{health_chronology_request.pk}" in [d.uid for d in deadlines_for(health_tom)]

    response = _upload_from_request(client_for(health_tom), health_chronology_request,
                                    write_xlsx("health.xlsx", HEALTH_ROWS))
    assert response.status_code == 302

    health_chronology_request.refresh_from_db()
    assert health_chronology_request.status == "submitted" and health_chronology_request.submitted_at is not None
    assert chase_list(manager_rob, today=today) == []
    assert deadlines_for(health_tom) == [] and deadlines_for(manager_rob, scope="partnership") == [
        d for d in deadlines_for(manager_rob, scope="partnership") if not d.uid.startswith("request-")]
    event = AuditEvent.objects.get(action="reviews.request_submitted")
    assert event.actor == health_tom and event.changes["source"] == "chronology import version 1"


def test_the_upload_page_shows_the_request_and_the_managers_note(review, health_chronology_request, client_for,
                                                                 health_tom):
    page = client_for(health_tom).get(reverse("chronology:submission", args=[review.pk])).content.decode()
    assert "due 23 November 2026" in page and "From March 2019 onwards." in page


def test_an_upload_that_needs_its_columns_mapped_is_submitted_once_the_mapping_is_imported(
        review, health_chronology_request, client_for, health_tom, write_csv):
    client = client_for(health_tom)
    response = _upload_from_request(client, health_chronology_request, write_csv("visits.csv", UNKNOWN_HEADERS))
    assert response.status_code == 302 and "/map/" in response["Location"]
    health_chronology_request.refresh_from_db()
    assert health_chronology_request.status == "requested"  # nothing imported yet
    client.post(response["Location"], {"col_0": "date", "col_1": "event"})
    health_chronology_request.refresh_from_db()
    assert health_chronology_request.status == "submitted"


def test_a_refused_file_leaves_the_request_outstanding(review, health_chronology_request, client_for, health_tom,
                                                       write_csv):
    bad = write_csv("bad.csv", [["Date", "Event"], ["31/02/2019", "Visit"]])
    response = _upload_from_request(client_for(health_tom), health_chronology_request, bad)
    assert response.status_code == 400
    health_chronology_request.refresh_from_db()
    assert health_chronology_request.status == "requested"


def test_a_reimport_after_acceptance_is_a_new_version_and_submitted_again(
        review, health_chronology_request, manager_rob, health_tom, health_visiting, import_as, write_xlsx, now):
    import_as(health_tom, health_visiting, write_xlsx("health.xlsx", HEALTH_ROWS))
    health_chronology_request.refresh_from_db()
    review_services.set_request_status(request=health_chronology_request, status="accepted", by=manager_rob, now=now)
    import_as(health_tom, health_visiting, write_xlsx("health-v2.xlsx", HEALTH_ROWS[:3]))
    health_chronology_request.refresh_from_db()
    assert health_chronology_request.status == "submitted"
    assert list(Submission.objects.filter(review=review, agency=health_visiting).order_by("version")
                .values_list("version", "is_current")) == [(1, False), (2, True)]


def test_the_chronology_no_longer_blocks_the_move_to_analysis(review, health_chronology_request, health_tom,
                                                              health_visiting, import_as, write_xlsx):
    review.stage = "information_gathering"
    assert any("Chronology from" in p for p in transition_problems(review, "analysis"))
    import_as(health_tom, health_visiting, write_xlsx("health.xlsx", HEALTH_ROWS))
    assert transition_problems(review, "analysis") == []


def test_an_import_for_an_agency_not_asked_for_a_chronology_changes_no_request(
        review, health_chronology_request, police_claire, police, import_as, write_xlsx):
    from tests.chronology.conftest import POLICE_ROWS

    import_as(police_claire, police, write_xlsx("police.xlsx", POLICE_ROWS))
    health_chronology_request.refresh_from_db()
    assert health_chronology_request.status == "requested"
    assert not AuditEvent.objects.filter(action="reviews.request_submitted").exists()
