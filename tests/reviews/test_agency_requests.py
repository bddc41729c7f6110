"""Participating agencies: requests, uploads checked by content, versions, the chase list, own-agency access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casereview.audit.models import AuditEvent
from casereview.core.models import OutgoingEmail
from casereview.reviews import services
from tests.jobs import run_jobs
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


# --- Requests tell the agency (issue 12) ---------------------------------------------------------


def _ask(client, review, participation, **data):
    return client.post(f"/reviews/{review.pk}/agencies/{participation.pk}/request/",
                       {"item": "agency_report", "due_date": "2026-12-04", **data}, follow=True)


def test_a_new_request_emails_the_agencys_contributors_without_the_note(
        review, client_for, manager_rob, police_claire, health_tom, mailoutbox):
    response = _ask(client_for(manager_rob), review, review.participating_agencies.get(),
                    note="Please include the 999 call about Zelphine Quarrington.")
    assert "being e-mailed to Claire Dunn" in response.content.decode()
    assert mailoutbox == []  # a background job sends it
    run_jobs()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["claire@example.org"]  # the police contributor, not health's Tom
    assert "Agency report (IMR) requested for review LCSPR-2026-001, due 04 December 2026" in mail.subject
    assert "Zelphine" not in mail.body and "999" not in mail.body and "Upload" in mail.body
    event = AuditEvent.objects.get(action="reviews.request_emailed")
    assert event.changes["recipients"] == ["claire"] and "Zelphine" not in str(event.changes)
    assert "Zelphine" not in str(AuditEvent.objects.get(action="reviews.request_item").changes)


def test_a_request_to_an_agency_with_no_users_warns_the_manager_and_sends_nothing(
        review, client_for, manager_rob, health_visiting, now, mailoutbox):
    health = services.add_participating_agency(review=review, agency=health_visiting, by=manager_rob, now=now)
    response = _ask(client_for(manager_rob), review, health)
    assert run_jobs() == 0
    page = response.content.decode()
    assert "Northshire Community Health has no one in CaseReview with an e-mail address, so no one was told" in page
    assert health.requests.get().item == "agency_report"  # still recorded
    assert mailoutbox == []


def test_a_mail_outage_keeps_the_request_and_audits_the_failure(
        review, manager_rob, police_claire, now, monkeypatch, mailoutbox):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("casereview.core.outbox.send_mail", refuse)
    made = services.request_item(participation=review.participating_agencies.get(), item="agency_report",
                                 due_date=dt.date(2026, 12, 4), by=manager_rob, now=now)
    run_jobs()
    assert made.pk and AuditEvent.objects.filter(action="reviews.request_email_failed").exists()
    assert OutgoingEmail.objects.get().attempts == 1 and mailoutbox == []


def test_police_claire_reads_the_managers_note_on_her_request_and_it_is_escaped(
        review, manager_rob, client_for, police_claire, now):
    made = services.request_item(participation=review.participating_agencies.get(), item="agency_report",
                                 due_date=dt.date(2026, 12, 4), by=manager_rob, now=now,
                                 note="Cover March to June <b>only</b>.")
    page = client_for(police_claire).get(f"/reviews/requests/{made.pk}/upload/").content.decode()
    assert "Note from the review manager" in page
    assert "Cover March to June &lt;b&gt;only&lt;/b&gt;." in page and "<b>only</b>" not in page
    assert "4 December 2026" in page


def test_the_manager_sees_and_changes_the_note_on_the_update_page(review, manager_rob, client_for, now):
    made = services.request_item(participation=review.participating_agencies.get(), item="agency_report",
                                 due_date=dt.date(2026, 12, 4), by=manager_rob, now=now, note="First note.")
    client = client_for(manager_rob)
    assert "First note." in client.get(f"/reviews/requests/{made.pk}/status/").content.decode()
    client.post(f"/reviews/requests/{made.pk}/status/", {"status": "requested", "note": "Second note."})
    made.refresh_from_db()
    assert made.note == "Second note."
    changes = AuditEvent.objects.filter(action="reviews.set_request_status").latest("pk").changes
    assert "Second" not in str(changes) and changes["note"]["chars"] == len("Second note.")


def test_a_chronology_request_page_sends_the_file_to_the_chronology_importer(
        review, requests_for_two_agencies, client_for, health_tom):
    _, health_request = requests_for_two_agencies
    client = client_for(health_tom)
    page = client.get(f"/reviews/requests/{health_request.pk}/upload/").content.decode()
    agency_id = health_request.participating_agency.agency_id
    assert f'action="/chronology/{review.pk}/submission/?agency={agency_id}"' in page
    # A document posted to the request itself is refused with the way to the importer.
    response = client.post(f"/reviews/requests/{health_request.pk}/upload/", {"file": SimpleUploadedFile("c.pdf", PDF)})
    assert response.status_code == 400 and "through the chronology upload" in response.content.decode()
    assert not health_request.documents.exists()


def test_a_spreadsheet_sent_as_an_agency_report_is_refused_with_a_pointer(
        review, requests_for_two_agencies, client_for, police_claire):
    police_request, _ = requests_for_two_agencies
    response = client_for(police_claire).post(f"/reviews/requests/{police_request.pk}/upload/",
                                              {"file": SimpleUploadedFile("chronology.xlsx", b"PK\x03\x04 data")})
    assert response.status_code == 400
    assert "chronology.xlsx is a spreadsheet: a chronology goes through the chronology upload" in response.content.decode()


@pytest.mark.parametrize(("persona", "shown"), [("manager_rob", True), ("admin_asha", True), ("police_claire", False),
                                                 ("reviewer_helen", False), ("board_margaret", False)])
def test_the_chase_list_is_in_the_navigation_of_those_who_chase(request, client_for, persona, shown):
    page = client_for(request.getfixturevalue(persona)).get("/reviews/").content.decode()
    assert ('href="/reviews/chase-list/"' in page) is shown
