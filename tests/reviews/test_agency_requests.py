"""Participating agencies: requests, uploads checked by content, versions, the chase list, own-agency access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casereview.reviews import services
from tests.reviews.conftest import PDF, docx_bytes


@pytest.fixture
def requests_for_two_agencies(review, manager_rob, health_visiting, now):
    health = services.add_participating_agency(review=review, agency=health_visiting, by=manager_rob, now=now)
    police = review.participating_agencies.get(agency__short_name="Police")
    ask = dict(by=manager_rob, now=now - dt.timedelta(days=10))
    return (services.request_item(participation=police, item="agency_report", due_date=dt.date(2026, 11, 16), **ask),
            services.request_item(participation=health, item="chronology", due_date=dt.date(2026, 11, 17), **ask))


def test_police_claire_sees_only_her_own_agencys_requests(review, requests_for_two_agencies, client_for, police_claire):
    police_request, health_request = requests_for_two_agencies
    client = client_for(police_claire)
    page = client.get(f"/reviews/{review.pk}/agencies/").content.decode()
    assert "Northshire Police" in page and "Northshire Community Health" not in page
    chase = client.get("/reviews/chase-list/").content.decode()
    assert "Agency report (IMR)" in chase and "Chronology" not in chase
    assert client.get(f"/reviews/requests/{health_request.pk}/upload/").status_code == 404


def test_police_claire_uploads_her_report_and_each_upload_is_a_new_version(review, requests_for_two_agencies,
                                                                           client_for, police_claire, board_margaret):
    police_request, _ = requests_for_two_agencies
    client = client_for(police_claire)
    for name, data in (("imr.pdf", PDF), ("imr-v2.docx", docx_bytes())):
        response = client.post(f"/reviews/requests/{police_request.pk}/upload/",
                               {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 302
    police_request.refresh_from_db()
    assert police_request.status == "submitted"
    versions = list(police_request.documents.order_by("version").values_list("version", "extension"))
    assert versions == [(1, "pdf"), (2, "docx")]
    document = police_request.documents.get(version=1)
    download = client.get(f"/reviews/documents/{document.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert client_for(board_margaret).get(f"/reviews/documents/{document.pk}/").status_code == 403


def test_health_tom_cannot_download_the_police_report(review, requests_for_two_agencies, client_for, health_tom,
                                                      manager_rob, now):
    police_request, _ = requests_for_two_agencies
    document = services.upload_document(request=police_request, name="imr.pdf", data=PDF, by=manager_rob, now=now)
    assert client_for(health_tom).get(f"/reviews/documents/{document.pk}/").status_code == 404


@pytest.mark.parametrize(("name", "data", "message"), [
    ("report.pdf", b"MZ\x90\x00 not a pdf", "is called .pdf but is not a real PDF"),
    ("report.exe", PDF, "must be a PDF or a Word document"),
    ("report.docx", PDF, "is a PDF but is named .docx"),
    ("report.pdf", b"%PDF-" + b"x" * 3000, "must be smaller than"),
])
def test_uploads_are_checked_by_content_and_size(review, requests_for_two_agencies, client_for, police_claire,
                                                 settings, name, data, message):
    settings.MAX_UPLOAD_BYTES = 2048
    police_request, _ = requests_for_two_agencies
    response = client_for(police_claire).post(f"/reviews/requests/{police_request.pk}/upload/",
                                              {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400 and message in response.content.decode()
    assert not police_request.documents.exists()


def test_uploaded_files_live_under_media_root_with_opaque_names(review, requests_for_two_agencies, manager_rob, now,
                                                                settings):
    document = services.upload_document(request=requests_for_two_agencies[0], name="Jane Smith IMR.pdf", data=PDF,
                                        by=manager_rob, now=now)
    path = document.file.path
    assert path.startswith(str(settings.MEDIA_ROOT)) and "Jane" not in path


def test_manager_rob_sees_the_chase_list_of_overdue_submissions_and_records_a_chase(
        review, requests_for_two_agencies, client_for, manager_rob):
    client = client_for(manager_rob)
    page = client.get("/reviews/chase-list/").content.decode()
    assert "Northshire Police" in page and "Northshire Community Health" in page
    police_request, _ = requests_for_two_agencies
    client.post(f"/reviews/requests/{police_request.pk}/chase/")
    police_request.refresh_from_db()
    assert police_request.last_chased_at is not None


def test_a_request_due_in_the_past_is_refused(review, manager_rob, now):
    with pytest.raises(Exception, match="today or in the future"):
        services.request_item(participation=review.participating_agencies.get(), item="chronology",
                              due_date=dt.date(2026, 11, 1), by=manager_rob, now=now)


def test_single_agency_recommendations_come_from_the_agency_report(review, requests_for_two_agencies, client_for,
                                                                   manager_rob, police, now):
    services.upload_document(request=requests_for_two_agencies[0], name="imr.pdf", data=PDF, by=manager_rob, now=now)
    client = client_for(manager_rob)
    response = client.post(f"/reviews/{review.pk}/single-agency-recommendations/add/",
                           {"agency": police.pk, "text": "Refresh training on dogs in the home."})
    assert response.status_code == 302
    rec = review.single_agency_recommendations.get()
    assert (rec.number, rec.source.version) == (1, 1)
