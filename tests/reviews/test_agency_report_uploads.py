"""Hostile agency-report uploads (issue 10, point 5): each is refused on the upload page with a message
saying what to do, nothing is stored, and an oversized file is not read past the limit."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casereview.core.refusals import Refused
from casereview.reviews import services
from tests import hostile_files as hostile
from tests.reviews.conftest import PDF

TEN_KB_PDF = PDF.ljust(10 * 1024, b"%")


@pytest.fixture
def police_request(review, manager_rob, now):
    police = review.participating_agencies.get(agency__short_name="Police")
    return services.request_item(participation=police, item="agency_report", due_date=dt.date(2026, 11, 16),
                                 by=manager_rob, now=now - dt.timedelta(days=10))


def _upload(client, request, name: str, data: bytes):
    return client.post(f"/reviews/requests/{request.pk}/upload/", {"file": SimpleUploadedFile(name, data)})


def test_an_oversized_report_is_refused_without_being_read(police_request, police_claire, now, settings):
    settings.MAX_UPLOAD_BYTES = 4096
    upload = hostile.CountingFile(TEN_KB_PDF, "imr.pdf")
    with pytest.raises(Refused, match=r"must be smaller than 4 KB \(it is 10 KB\)"):
        services.upload_document(request=police_request, name="imr.pdf", file=upload, by=police_claire, now=now)
    assert upload.bytes_read == 0
    assert not police_request.documents.exists()


def test_a_report_of_unknown_size_is_read_no_further_than_one_byte_past_the_limit(police_request, police_claire, now,
                                                                                   settings):
    settings.MAX_UPLOAD_BYTES = 4096
    upload = hostile.CountingFile(TEN_KB_PDF, "imr.pdf")
    del upload.size  # a stream that cannot say how big it is
    with pytest.raises(Refused, match=r"must be smaller than 4 KB\.$"):
        services.upload_document(request=police_request, name="imr.pdf", file=upload, by=police_claire, now=now)
    assert upload.bytes_read == 4097


def test_police_claire_sees_why_her_oversized_report_is_refused(police_request, client_for, police_claire, settings):
    settings.MAX_UPLOAD_BYTES = 4096
    response = _upload(client_for(police_claire), police_request, "imr.pdf", TEN_KB_PDF)
    assert response.status_code == 400
    assert "The selected file must be smaller than 4 KB (it is 10 KB)." in response.content.decode()
    assert not police_request.documents.exists()


def test_a_report_within_the_limit_is_stored_whole_from_the_file(police_request, police_claire, now):
    upload = hostile.CountingFile(hostile.docx_with(hostile.docx_document_xml()), "imr.docx")
    document = services.upload_document(request=police_request, name="imr.docx", file=upload, by=police_claire, now=now)
    assert document.extension == "docx" and document.size == upload.size
    assert document.file.read() == upload.getvalue()


HOSTILE_DOCX = [
    ("zip bomb", hostile.zip_bomb_docx, "it unpacks to 3\\d MB, [\\d,]+ times its size \\(a possible zip bomb\\)"),
    ("billion laughs", hostile.billion_laughs_docx,
     r"the part word/document\.xml declares XML entities \(a DOCTYPE\), which Word never writes"),
    ("malformed XML", hostile.malformed_xml_docx,
     r"the part word/document\.xml is not well-formed XML \(line 1, column \d+\)"),
]


@pytest.mark.parametrize(("kind", "make", "reason"), HOSTILE_DOCX, ids=[case[0] for case in HOSTILE_DOCX])
def test_a_hostile_word_document_is_refused_with_the_reason(police_request, client_for, police_claire, kind, make,
                                                            reason):
    response = _upload(client_for(police_claire), police_request, "imr.docx", make())
    assert response.status_code == 400
    page = response.content.decode()
    assert "The selected Word document cannot be accepted:" in page
    assert "Open it in Word, save it again as .docx and upload that." in page
    assert re.search(reason, page), page
    assert not police_request.documents.exists()


def test_an_xxe_word_document_is_refused_and_the_file_it_names_never_shown(police_request, client_for, police_claire,
                                                                           tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Jane Smith, 12 Mill Lane")
    response = _upload(client_for(police_claire), police_request, "imr.docx", hostile.xxe_docx(str(secret)))
    assert response.status_code == 400
    page = response.content.decode()
    assert "declares XML entities (a DOCTYPE), which Word never writes" in page
    assert "Jane Smith" not in page and "Mill Lane" not in page
    assert not police_request.documents.exists()


def test_a_report_whose_row_is_not_saved_leaves_no_file_behind(police_request, police_claire, now, settings,
                                                               monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "record_event", broken)
    with pytest.raises(RuntimeError, match="audit log unavailable"):
        services.upload_document(request=police_request, name="imr.pdf", data=TEN_KB_PDF, by=police_claire, now=now)
    assert police_request.documents.count() == 0
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []


def test_the_hourly_cleanup_removes_report_files_no_row_names_once_an_hour_old(police_request, police_claire, now,
                                                                              settings):
    import io
    import json
    import os

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    kept = services.upload_document(request=police_request, name="imr.pdf", data=TEN_KB_PDF, by=police_claire, now=now)
    stray = default_storage.save(f"reviews/{police_request.participating_agency.review_id}/stray-v1.pdf",
                                 ContentFile(TEN_KB_PDF))
    media = settings.MEDIA_ROOT

    def cleanup() -> int:
        out = io.StringIO()
        call_command("cleanup_uploads", "--json", stdout=out)
        return json.loads(out.getvalue())["document_orphans"]

    assert cleanup() == 0 and (media / stray).exists()
    an_hour_ago = (dt.datetime.now() - dt.timedelta(hours=1, minutes=1)).timestamp()
    for name in (stray, kept.file.name):
        os.utime(media / name, (an_hour_ago, an_hour_ago))
    assert cleanup() == 1 and not (media / stray).exists()
    assert (media / kept.file.name).read_bytes() == TEN_KB_PDF
