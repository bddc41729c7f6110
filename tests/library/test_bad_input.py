"""Bad files: each is refused with a clear per-file error and nothing is stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casereview.audit.models import AuditEvent
from casereview.library.models import ItemTheme, LibraryEntry, LibraryItem, Source
from casereview.library.services import ingest_file
from tests import hostile_files as hostile
from tests.jobs import run_jobs
from tests.library.conftest import briefing_pdf


def _rows() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (LibraryEntry, Source, LibraryItem, ItemTheme, AuditEvent))


def _image_only_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.rect(50, 50, 400, 600, fill=1)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _docx_zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (300 * 1024 * 1024) + b"</w:document>")
    return buf.getvalue()


CASES = [
    ("locked.pdf", lambda b: briefing_pdf(b, encrypt="secret"), "encrypted"),
    ("corrupt.pdf", lambda b: b"%PDF-1.7\nthis is not a pdf at all", "corrupt PDF"),
    ("scan.pdf", lambda b: _image_only_pdf(), "scanned PDF: OCR found no text"),
    ("empty.html", lambda b: b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "empty HTML"),
    ("bomb.docx", lambda b: _docx_zip_bomb(), "zip bomb"),
    ("laughs.docx", lambda b: hostile.billion_laughs_docx(), "declares a DOCTYPE or XML entities"),
    ("malformed.docx", lambda b: hostile.malformed_xml_docx(), "word/document.xml is not well-formed XML"),
    ("pages.pdf", lambda b: hostile.many_pages_pdf(100_000), "PDF has 100,000 pages (limit 3,000)"),
    ("notes.xyz", lambda b: b, "unsupported file type .xyz"),
    ("minutes.txt", lambda b: b"Minutes of the meeting. Apologies were received from two members.", "no learning points"),
]


@pytest.mark.parametrize(("filename", "make", "message"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_file_is_refused_with_a_clear_error_and_nothing_is_stored(
        filename, make, message, manager_rob, now, dog_briefing):
    data = make(dog_briefing)
    before = _rows()
    result = ingest_file(data=data, filename=filename, by=manager_rob, now=now)
    assert result.failed and result.entry is None
    assert message in result.error
    assert _rows() == before


def test_a_file_over_the_configured_limit_is_refused_before_it_is_read(manager_rob, now, dog_briefing, settings):
    settings.MAX_UPLOAD_BYTES = 100
    before = _rows()
    result = ingest_file(data=dog_briefing, filename="mia.txt", by=manager_rob, now=now)
    assert result.failed and "too large" in result.error and "limit" in result.error
    assert _rows() == before


def test_an_xxe_docx_is_refused_and_the_file_it_names_is_never_stored(manager_rob, now, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Jane Smith, 12 Mill Lane")
    before = _rows()
    result = ingest_file(data=hostile.xxe_docx(str(secret)), filename="xxe.docx", by=manager_rob, now=now)
    assert result.failed and "declares a DOCTYPE or XML entities" in result.error
    assert "Jane Smith" not in result.error
    assert _rows() == before
    assert not LibraryItem.objects.filter(text__contains="Jane Smith").exists()


def test_hostile_files_in_one_upload_each_get_their_own_error_and_the_good_one_is_added(
        client_for, manager_rob, dog_briefing, settings, monkeypatch):
    from casereview.library import services

    settings.MAX_UPLOAD_BYTES = 256 * 1024
    read = []
    real_ingest = services.ingest_file
    monkeypatch.setattr(services, "ingest_file", lambda **kw: read.append(kw["filename"]) or real_ingest(**kw))
    files = [SimpleUploadedFile("laughs.docx", hostile.billion_laughs_docx()),
             SimpleUploadedFile("broken.docx", hostile.malformed_xml_docx()),
             SimpleUploadedFile("bomb.docx", hostile.zip_bomb_docx()),
             SimpleUploadedFile("huge.txt", dog_briefing.ljust(300 * 1024)),
             SimpleUploadedFile("mia.txt", dog_briefing)]
    client = client_for(manager_rob)
    response = client.post(reverse("library:upload"), {"files": files})
    assert response.status_code == 302
    run_jobs()
    html = client.get(response["Location"]).content.decode()
    assert "5 of 5 done: 1 added, 0 already in the library, 4 not added" in html
    assert "word/document.xml declares a DOCTYPE or XML entities" in html
    assert "word/document.xml is not well-formed XML" in html
    assert "refused as a possible zip bomb" in html
    assert "file too large (0.3 MB &gt; limit 0.2 MB)" in html
    assert "huge.txt" not in read  # refused on its size, never read
    assert LibraryEntry.objects.count() == 1


def test_a_failure_half_way_through_storing_leaves_nothing_behind(manager_rob, now, dog_briefing, monkeypatch):
    from casereview.library import services

    def broken_index(items):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.search, "index_items", broken_index)
    before = _rows()
    with pytest.raises(RuntimeError):
        ingest_file(data=dog_briefing, filename="mia.txt", by=manager_rob, now=now)
    assert _rows() == before


def test_a_real_pdf_briefing_is_ingested(manager_rob, now, dog_briefing):
    result = ingest_file(data=briefing_pdf(dog_briefing), filename="mia.pdf", by=manager_rob, now=now)
    assert result.result == "created", result.error
    assert result.items == 3 and result.entry.sources.get().media_type == "application/pdf"
