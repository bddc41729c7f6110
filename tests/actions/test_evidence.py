"""Evidence items: uploaded files (size-limited, stored under MEDIA_ROOT) or links, each described."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casereview.actions import services
from casereview.core.refusals import Refused
from tests.hostile_files import CountingFile


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def test_an_uploaded_file_is_stored_under_media_root_with_an_opaque_name(police_action, police_claire, now, media):
    upload = SimpleUploadedFile("Oliver Smith audit.pdf", b"%PDF-1.4 audit", content_type="application/pdf")
    item = services.add_evidence(action=police_action, by=police_claire, description="Audit report", upload=upload, now=now)
    stored = media / item.file.name
    assert stored.read_bytes() == b"%PDF-1.4 audit"
    assert "Oliver" not in item.file.name and item.original_name == "Oliver Smith audit.pdf"


def test_a_file_over_the_upload_limit_is_refused(police_action, police_claire, now, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    upload = SimpleUploadedFile("big.pdf", b"x" * 2048)
    with pytest.raises(Refused, match="the largest file accepted is"):
        services.add_evidence(action=police_action, by=police_claire, description="Big", upload=upload, now=now)
    assert police_action.evidence.count() == 0


def test_an_oversized_evidence_file_is_refused_without_being_read(police_action, police_claire, now, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    upload = CountingFile(b"%PDF-1.4 " + b"x" * 4096, "big.pdf")
    with pytest.raises(Refused, match=r"The file is 4 KB: the largest file accepted is 1 KB\."):
        services.add_evidence(action=police_action, by=police_claire, description="Big", upload=upload, now=now)
    assert upload.bytes_read == 0
    assert police_action.evidence.count() == 0


def test_a_link_is_evidence_too(police_action, police_claire, now):
    item = services.add_evidence(action=police_action, by=police_claire, description="Training record",
                                 url="https://learning.example.org/course/42", now=now)
    assert item.kind == "link" and str(item) == "https://learning.example.org/course/42"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"description": "", "url": "https://e.example"}, "Describe what the evidence shows"),
    ({"description": "Both", "url": "https://e.example", "upload": SimpleUploadedFile("a.pdf", b"x")}, "not both"),
    ({"description": "Neither"}, "not neither"),
    ({"description": "Script", "upload": SimpleUploadedFile("a.exe", b"MZ")}, "Files of type .exe are not accepted"),
])
def test_evidence_without_a_description_or_a_single_source_is_refused(police_action, police_claire, now, kwargs, message):
    with pytest.raises(Refused, match=message):
        services.add_evidence(action=police_action, by=police_claire, now=now, **kwargs)


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "mailto:someone@example.org"])
def test_an_evidence_link_that_is_not_a_web_address_is_refused(police_action, police_claire, now, url):
    with pytest.raises(Refused, match="Enter a web address starting https://") as refusal:
        services.add_evidence(action=police_action, by=police_claire, description="Link", url=url, now=now)
    assert refusal.value.field == "url"
    assert police_action.evidence.count() == 0


def test_a_javascript_evidence_link_posted_on_the_action_page_is_refused(client_for, police_claire, police_action):
    from django.urls import reverse

    response = client_for(police_claire).post(reverse("actions:evidence", args=[police_action.pk]), {
        "evidence-description": "Link", "evidence-url": "javascript:alert(1)"})
    assert response.status_code == 400
    assert "Enter a full web address" in response.content.decode()
    assert police_action.evidence.count() == 0


def test_an_old_javascript_evidence_link_is_never_redirected_to(client_for, police_claire, police_action, now):
    from django.urls import reverse

    from casereview.actions.models import Evidence

    # A row stored before the check (written directly, as an old database would hold it).
    item = Evidence.objects.create(action=police_action, kind="link", url="javascript:alert(1)",
                                   description="Old link", added_by=police_claire, added_at=now)
    client = client_for(police_claire)
    response = client.get(reverse("actions:download_evidence", args=[item.pk]))
    assert response.status_code == 403
    assert "javascript:" not in response.get("Location", "")
    assert "not a web address" in response.content.decode()
    safe = services.add_evidence(action=police_action, by=police_claire, description="Web", now=now,
                                 url="https://intranet.example/report")
    response = client.get(reverse("actions:download_evidence", args=[safe.pk]))
    assert response.status_code == 302 and response["Location"] == "https://intranet.example/report"


def test_an_uploaded_file_on_disk_is_readable_by_the_service_user_only(police_action, police_claire, now, media):
    import stat

    item = services.add_evidence(action=police_action, by=police_claire, description="Audit", now=now,
                                 upload=SimpleUploadedFile("audit.pdf", b"%PDF-1.4 audit"))
    path = media / item.file.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_evidence_whose_row_is_not_saved_leaves_no_file_behind(police_action, police_claire, now, media, monkeypatch):
    """A failure after the file is stored (here the audit record) rolls the row back and deletes the file."""
    def broken(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "record_event", broken)
    upload = SimpleUploadedFile("audit.pdf", b"%PDF-1.4 audit", content_type="application/pdf")
    with pytest.raises(RuntimeError, match="audit log unavailable"):
        services.add_evidence(action=police_action, by=police_claire, description="Audit", upload=upload, now=now)
    assert police_action.evidence.count() == 0
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_the_hourly_cleanup_removes_evidence_files_no_row_names_once_an_hour_old(police_action, police_claire, now,
                                                                                media):
    """What a process killed between storing a file and committing its row leaves: gone after the grace hour."""
    import datetime as dt
    import io
    import json
    import os

    from django.core.files.storage import default_storage
    from django.core.management import call_command

    kept = services.add_evidence(action=police_action, by=police_claire, description="Audit", now=now,
                                 upload=SimpleUploadedFile("audit.pdf", b"%PDF-1.4 audit"))
    stray = default_storage.save(f"actions/{police_action.review_id}/{police_action.pk}/stray.pdf",
                                 SimpleUploadedFile("stray.pdf", b"%PDF-1.4 stray"))

    def cleanup() -> int:
        out = io.StringIO()
        call_command("cleanup_uploads", "--json", stdout=out)
        return json.loads(out.getvalue())["evidence_orphans"]

    assert cleanup() == 0 and (media / stray).exists()  # it may be an upload whose row is being committed
    an_hour_ago = (dt.datetime.now() - dt.timedelta(hours=1, minutes=1)).timestamp()
    for name in (stray, kept.file.name):
        os.utime(media / name, (an_hour_ago, an_hour_ago))
    assert cleanup() == 1 and not (media / stray).exists()
    assert (media / kept.file.name).read_bytes() == b"%PDF-1.4 audit"
    assert cleanup() == 0


def test_the_cleanup_deletes_nothing_when_no_evidence_row_names_any_file(police_action, media, caplog):
    """Files but no rows at all: a database that is not this storage's (a staging copy, a wrong data folder)."""
    import datetime as dt
    import os

    from django.core.files.storage import default_storage
    from django.utils import timezone

    stray = default_storage.save("actions/1/1/report.pdf", SimpleUploadedFile("report.pdf", b"%PDF-1.4 x"))
    an_hour_ago = (dt.datetime.now() - dt.timedelta(hours=2)).timestamp()
    os.utime(media / stray, (an_hour_ago, an_hour_ago))
    assert services.remove_orphan_evidence_files(now=timezone.now()) == 0
    assert (media / stray).exists() and "no row names any of them" in caplog.text
