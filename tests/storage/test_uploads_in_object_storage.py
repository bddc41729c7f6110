"""Agency reports, action evidence and chronology uploads in S3-compatible storage: stored, served only
through the permissioned views, never publicly readable, and nothing left on local disk."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casereview.actions import services as actions
from casereview.chronology import services as chronology
from casereview.chronology.models import PendingUpload, Submission
from casereview.core import storage
from casereview.reviews import services as reviews
from casereview.reviews.models import Recommendation
from tests.reviews.conftest import PDF

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_claires_report_goes_to_the_bucket_and_only_permitted_users_can_download_it(
    bucket, local_files, review, client_for, client, police_claire, board_margaret, health_tom, health_visiting,
    manager_rob, now,
):
    reviews.add_participating_agency(review=review, agency=health_visiting, by=manager_rob, now=now)
    participation = review.participating_agencies.get(agency__short_name="Police")
    request = reviews.request_item(participation=participation, item="agency_report", due_date=dt.date(2026, 12, 4),
                                   by=manager_rob, now=now)
    response = client_for(police_claire).post(f"/reviews/requests/{request.pk}/upload/",
                                              {"file": SimpleUploadedFile("Zelphine report.pdf", PDF)})
    assert response.status_code == 302
    document = request.documents.get()
    key = f"uploads/{document.file.name}"
    assert bucket.keys() == [key] and bucket.get(key) == PDF and "Zelphine" not in key
    assert local_files() == []
    url = f"/reviews/documents/{document.pk}/"
    download = client_for(police_claire).get(url)
    assert download.status_code == 200 and body(download) == PDF
    assert 'attachment; filename="Zelphine report.pdf"' in download["Content-Disposition"]
    assert client_for(board_margaret).get(url).status_code == 403
    assert client_for(health_tom).get(url).status_code == 404
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"] and PDF not in anonymous.content
    assert bucket.unsigned_get(key) == 403


def test_evidence_is_stored_privately_and_served_only_to_the_owning_agency(
    bucket, local_files, review, client_for, police_claire, board_margaret, health_tom, police, manager_rob, now,
):
    recommendation = Recommendation.objects.create(review=review, number=1, created_at=now, themes=[],
                                                   text="Agencies should evidence completed actions.")
    action = actions.create_action(parent=recommendation, description="Audit strategy meetings", owner_agency=police,
                                   owner=None, due_date=dt.date(2027, 3, 31), success_measure="Audit shows 90%",
                                   by=manager_rob, now=now)
    item = actions.add_evidence(action=action, by=police_claire, description="Audit", now=now,
                                upload=SimpleUploadedFile("audit.pdf", b"%PDF-1.4 audit"))
    key = f"uploads/{item.file.name}"
    assert bucket.keys() == [key] and bucket.get(key) == b"%PDF-1.4 audit" and local_files() == []
    url = reverse("actions:download_evidence", args=[item.pk])
    download = client_for(police_claire).get(url)
    assert body(download) == b"%PDF-1.4 audit" and "attachment" in download["Content-Disposition"]
    assert client_for(board_margaret).get(url).status_code == 403
    assert client_for(health_tom).get(url).status_code == 404
    assert bucket.unsigned_get(key) == 403


UNKNOWN_HEADERS = b"When,Notes\r\n03/01/2019,Home visit\r\n"


def test_a_pending_chronology_upload_is_mapped_and_imported_from_the_bucket(
    bucket, local_files, review, client_for, police_claire, manager_rob, django_capture_on_commit_callbacks,
):
    submit = reverse("chronology:submission", args=[review.pk])
    response = client_for(police_claire).post(submit, {"file": SimpleUploadedFile("Ava chronology.csv", UNKNOWN_HEADERS)})
    assert response.status_code == 302 and "/map/" in response["Location"]
    pending = PendingUpload.objects.get()
    key = f"private/pending/{pending.stored_name}"
    assert bucket.keys() == [key] and bucket.get(key) == UNKNOWN_HEADERS and local_files() == []
    assert bucket.unsigned_get(key) == 403
    location = response["Location"]
    assert client_for(manager_rob).get(location).status_code == 404  # the owner's only
    page = client_for(police_claire).get(location)
    assert page.status_code == 200 and "Notes" in page.content.decode()  # the header read back from the bucket
    with django_capture_on_commit_callbacks(execute=True):
        done = client_for(police_claire).post(location, {"col_0": "date", "col_1": "event"})
    assert done.status_code == 302 and Submission.objects.get().entry_count == 1
    assert bucket.keys() == [] and not PendingUpload.objects.exists()


def test_cleanup_removes_expired_and_orphan_uploads_from_the_bucket(
    bucket, review, client_for, police_claire, django_capture_on_commit_callbacks,
):
    submit = reverse("chronology:submission", args=[review.pk])
    client_for(police_claire).post(submit, {"file": SimpleUploadedFile("chronology.csv", UNKNOWN_HEADERS)})
    later = timezone.now() + dt.timedelta(days=2)  # past the upload's expiry and the orphans' grace period
    with django_capture_on_commit_callbacks(execute=True):
        assert chronology.remove_abandoned_uploads(now=later)["expired"] == 1
    assert bucket.keys() == [] and not PendingUpload.objects.exists()
    bucket.put("private/pending/abandoned.csv", b"When,Notes\n")
    bucket.put("uploads/chronology-pending/legacy.csv", b"When,Notes\n")
    bucket.put("uploads/reviews/1/kept.pdf", PDF)
    assert chronology.remove_abandoned_uploads(now=later) == {"expired": 0, "missing_file": 0, "orphan_files": 2}
    assert bucket.keys() == ["uploads/reviews/1/kept.pdf"]


def test_a_pending_upload_whose_object_is_gone_counts_as_expired(bucket, review, client_for, police_claire):
    submit = reverse("chronology:submission", args=[review.pk])
    location = client_for(police_claire).post(
        submit, {"file": SimpleUploadedFile("chronology.csv", UNKNOWN_HEADERS)})["Location"]
    storage.private().delete(f"pending/{PendingUpload.objects.get().stored_name}")
    assert client_for(police_claire).get(location).status_code == 404


def test_objects_are_private_never_overwritten_and_signed_urls_expire_after_sixty_seconds(bucket):
    import requests

    store = storage.default()
    first = store.save("reviews/1/report.pdf", SimpleUploadedFile("x.pdf", b"first"))
    second = store.save("reviews/1/report.pdf", SimpleUploadedFile("x.pdf", b"second"))
    assert first == "reviews/1/report.pdf" and second != first
    assert bucket.get(f"uploads/{first}") == b"first"  # a clash gets a new name, never the old object's place
    grants = bucket.client.get_object_acl(Bucket="casereview-test", Key=f"{bucket.prefix}/uploads/{first}")["Grants"]
    assert [g["Grantee"].get("URI") for g in grants if g["Grantee"].get("Type") == "Group"] == []  # no AllUsers grant
    head = bucket.client.head_object(Bucket="casereview-test", Key=f"{bucket.prefix}/uploads/{first}")
    assert head["ContentDisposition"] == "attachment"
    signed = store.url(first)
    assert "X-Amz-Expires=60" in signed and "X-Amz-Signature=" in signed
    assert requests.get(signed, timeout=10).content == b"first"
    assert bucket.unsigned_get(f"uploads/{first}") == 403
