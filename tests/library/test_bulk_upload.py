"""Bulk library upload from the browser: files or a .zip are stored, a background job ingests them,
and the upload's page shows each file's progress to the end."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casereview.library import batches
from casereview.library.models import FileStatus, IngestBatch, IngestFile, LibraryEntry, LibraryItem, Source
from tests.jobs import run_jobs
from tests.library.conftest import briefing


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def _briefing(name: str) -> bytes:
    return briefing(name, learning=[f"Practitioners should hear the voice of {name} at every visit.",
                                    f"Managers should test whether the plan for {name} is working."],
                    recommendations=[f"The partnership should audit the learning from {name}'s review."])


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _stored(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_manager_rob_uploads_files_and_watches_each_one_added(client_for, manager_rob, media):
    client = client_for(manager_rob)
    files = [SimpleUploadedFile(f"{n}.txt", _briefing(n)) for n in ("Amber", "Bella")]
    files += [SimpleUploadedFile("again.txt", _briefing("Amber")), SimpleUploadedFile("scan.pdf", b"%PDF-1.4 nonsense")]
    response = client.post(reverse("library:upload"), {"files": files})
    batch = IngestBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("library:batch", args=[batch.pk])
    waiting = client.get(response["Location"]).content.decode()
    assert "Adding 4 files to the library" in waiting and '<meta http-equiv="refresh"' in waiting
    assert waiting.count("Waiting") == 4 and LibraryEntry.objects.count() == 0  # nothing read in the request
    assert len(_stored(media)) == 4

    run_jobs()
    done = client.get(response["Location"]).content.decode()
    assert "4 files processed" in done and 'http-equiv="refresh"' not in done
    assert "4 of 4 done: 2 added, 1 already in the library, 1 not added" in done
    assert "corrupt PDF" in done or "not a PDF" in done or "could not" in done
    assert LibraryEntry.objects.count() == 2 and Source.objects.count() == 2
    assert _stored(media) == []  # the copies kept for the job are gone


def test_a_zip_of_briefings_is_unpacked_and_each_member_added(client_for, manager_rob):
    pack = _zip({"briefings/amber.txt": _briefing("Amber"), "briefings/bella.txt": _briefing("Bella"),
                 "__MACOSX/briefings/._amber.txt": b"clutter", "briefings/": b""})
    client_for(manager_rob).post(reverse("library:upload"), {"files": [SimpleUploadedFile("pack.zip", pack)]})
    run_jobs()
    assert list(IngestFile.objects.values_list("name", "status")) == [
        ("pack.zip/amber.txt", FileStatus.DONE), ("pack.zip/bella.txt", FileStatus.DONE)]
    assert sorted(Source.objects.values_list("filename", flat=True)) == ["amber.txt", "bella.txt"]


@pytest.mark.parametrize(("members", "named"), [
    ({"../../etc/evil.txt": b"x"}, "pack.zip/../../etc/evil.txt: its path leaves the archive"),
    ({"/abs/evil.txt": b"x"}, "pack.zip//abs/evil.txt: its path leaves the archive"),
    ({"inner.zip": b"PK\x03\x04nested"}, "pack.zip/inner.zip: an archive inside the archive"),
    ({"hidden.txt": b"PK\x03\x04" + b"a" * 10}, "pack.zip/hidden.txt: an archive inside the archive"),
    ({"run.exe": b"MZ"}, "pack.zip/run.exe: not a briefing or report file"),
    ({"bomb.txt": b"\0" * (3 * 1024 * 1024)}, "pack.zip/bomb.txt: it unpacks to"),
])
def test_a_hostile_zip_is_refused_naming_the_member_and_nothing_is_stored(client_for, manager_rob, media, members,
                                                                          named):
    response = client_for(manager_rob).post(
        reverse("library:upload"), {"files": [SimpleUploadedFile("pack.zip", _zip(members))]})
    html = response.content.decode()
    assert response.status_code == 400 and "The archive was not accepted" in html
    assert named.replace("'", "&#x27;") in html
    assert not IngestBatch.objects.exists() and _stored(media) == []


def test_a_zip_with_too_many_members_or_too_large_unpacked_is_refused(client_for, manager_rob, settings):
    settings.CASEREVIEW_MAX_BATCH_FILES = 3
    many = _zip({f"{n}.txt": b"x" for n in range(4)})
    html = client_for(manager_rob).post(reverse("library:upload"),
                                        {"files": [SimpleUploadedFile("many.zip", many)]}).content.decode()
    assert "many.zip: 4 files, more than the 3 one upload may hold" in html
    settings.CASEREVIEW_MAX_ZIP_BYTES = 2048
    big = _zip({"a.txt": _briefing("Amber") * 2})
    html = client_for(manager_rob).post(reverse("library:upload"),
                                        {"files": [SimpleUploadedFile("big.zip", big)]}).content.decode()
    assert "big.zip: unpacks to" in html and not IngestBatch.objects.exists()


def test_a_not_a_zip_and_an_encrypted_member_are_refused():
    limits = batches._limits()
    assert batches.briefings_in_zip(b"not a zip", archive="x.zip", suffixes=(".txt",), limits=limits)[1] == [
        "x.zip: not a readable .zip file"]
    data = bytearray(_zip({"a.txt": b"hello"}, zipfile.ZIP_STORED))
    # Set the "encrypted" flag in the central directory entry (the second header).
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1
    problems = batches.briefings_in_zip(bytes(data), archive="x.zip", suffixes=(".txt",), limits=limits)[1]
    assert problems == ["x.zip/a.txt: it is encrypted: add it unencrypted"]


def test_only_editors_of_the_uploaders_partnership_see_an_upload(client_for, manager_rob, reviewer_helen, panel_dev,
                                                                  now):
    from casereview.accounts.models import Partnership
    from casereview.core.roles import Role
    from tests.conftest import _make

    batch = batches.create_batch(files=[ContentFile(_briefing("Amber"), name="a.txt")], by=manager_rob, now=now)
    url = reverse("library:batch", args=[batch.pk])
    assert client_for(reviewer_helen).get(url).status_code == 200
    assert client_for(panel_dev).get(url).status_code == 403
    elsewhere = Partnership.objects.create(name="Northshire Safeguarding Children Partnership")
    stranger = _make("ns-rob", Role.REVIEW_MANAGER, elsewhere)
    assert client_for(stranger).get(url).status_code == 404


def test_running_the_job_again_adds_nothing_twice(manager_rob, now):
    batch = batches.create_batch(files=[ContentFile(_briefing(n), name=f"{n}.txt") for n in ("Amber", "Bella")],
                                 by=manager_rob, now=now)
    run_jobs()
    before = (LibraryEntry.objects.count(), Source.objects.count(), LibraryItem.objects.count())
    assert batches.run_batch(batch_id=batch.pk, clock=lambda: now) == {FileStatus.DONE: 2}
    from casereview.library.tasks import ingest_batch

    ingest_batch.enqueue(batch.pk)
    run_jobs()
    assert (LibraryEntry.objects.count(), Source.objects.count(), LibraryItem.objects.count()) == before
    assert set(batch.files.values_list("status", flat=True)) == {FileStatus.DONE}


def test_a_file_stored_just_before_a_crash_counts_as_added_not_as_a_duplicate(manager_rob, now, media):
    from casereview.library.services import ingest_file

    batch = batches.create_batch(files=[ContentFile(_briefing("Amber"), name="amber.txt")], by=manager_rob, now=now)
    row = batch.files.get()
    # The crashed run: the row was marked reading, the file was stored, then the worker died.
    import hashlib

    data = _briefing("Amber")
    IngestFile.objects.filter(pk=row.pk).update(status=FileStatus.READING, sha256=hashlib.sha256(data).hexdigest())
    ingest_file(data=data, filename="amber.txt", by=manager_rob, now=now)
    run_jobs()
    row.refresh_from_db()
    assert row.status == FileStatus.DONE and row.entry is not None and LibraryEntry.objects.count() == 1
    assert _stored(media) == []


def test_an_image_only_pdf_is_read_by_ocr_in_the_job_not_in_the_request(client_for, manager_rob, monkeypatch):
    from casereview.text import ocr
    from tests.text.conftest import seed_pdf_bytes
    from tests.text.scanned import scan

    pages: list[int] = []
    real = ocr.read_page
    monkeypatch.setattr(ocr, "read_page", lambda page: pages.append(1) or real(page))
    client = client_for(manager_rob)
    response = client.post(reverse("library:upload"),
                           {"files": [SimpleUploadedFile("oliver-scan.pdf", scan(seed_pdf_bytes(), dpi=200))]})
    assert response.status_code == 302 and pages == []  # the request only stored it
    run_jobs()
    row = IngestFile.objects.get()
    assert len(pages) == 3 and row.status == FileStatus.DONE and row.items == 17
    assert "1 of 1 done: 1 added" in client.get(response["Location"]).content.decode()
