"""Bad input (issue 5, point 8): each refusal is a ReadError whose message says what to do."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from casereview.text.extract import ReadError, extract_bytes, extract_path
from casereview.text.readers import read_bytes
from tests import hostile_files as hostile

from .conftest import build_pdf, seed_docx_bytes


def image_only_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.rect(50, 50, 400, 600, fill=1)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def zip_bomb_docx() -> bytes:
    """A real DOCX plus a member of 20 MB of zeros that compresses a thousandfold."""
    buf = io.BytesIO(seed_docx_bytes())
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\0" * (20 * 1024 * 1024))
    return buf.getvalue()


TEXT_PDF_LINES = ["A briefing with enough text to have a text layer."] * 3

CASES = [
    ("encrypted.pdf", lambda: build_pdf(TEXT_PDF_LINES, header="x", encrypt="secret"), "encrypted PDF: remove the password"),
    ("corrupt.pdf", lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf", "corrupt PDF"),
    ("not-really.pdf", lambda: b"<html>saved page renamed</html>", "corrupt PDF"),
    ("scan.pdf", image_only_pdf, "scanned PDF: OCR found no text on its pages"),
    ("blank.pdf", lambda: build_pdf([], header=""), "empty PDF: no text to read and no images to OCR"),
    ("empty.html", lambda: b"<html><body><nav><a href='/'>Home</a></nav><footer>(c)</footer></body></html>", "empty HTML"),
    ("blank.html", lambda: b"   \n", "empty file"),
    ("bomb.docx", zip_bomb_docx, "refused as a possible zip bomb"),
    ("broken.docx", lambda: b"PK\x03\x04 not really a zip", "corrupt DOCX"),
    ("notes.xyz", lambda: b"some text", "unsupported file type .xyz: use PDF, HTML, DOCX, TXT or MD"),
    ("README", lambda: b"some text", "unsupported file type (none)"),
]


@pytest.mark.parametrize(("filename", "make", "message"), CASES, ids=[case[0] for case in CASES])
def test_bad_file_raises_read_error_with_a_clear_message(filename, make, message):
    with pytest.raises(ReadError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        extract_bytes(make(), filename)


def test_oversized_bytes_are_refused_with_the_size_and_the_limit():
    with pytest.raises(ReadError, match=r"file too large \(2\.0 MB > limit 1\.0 MB\)"):
        extract_bytes(b"a" * (2 * 1024 * 1024), "big.txt", max_bytes=1024 * 1024)


def test_oversized_file_on_disk_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 4096)
    with pytest.raises(ReadError, match="file too large"):
        extract_path(path, max_bytes=1024)


def test_missing_file_is_a_read_error(tmp_path):
    with pytest.raises(ReadError, match="cannot read file"):
        extract_path(tmp_path / "missing.pdf")


def test_a_file_within_the_limit_is_read():
    result = extract_bytes(b"Learning points\n\nProfessionals should always see the child alone.", "a.txt", max_bytes=1024)
    assert [item.text for item in result.learning_points] == ["Professionals should always see the child alone."]


def test_read_error_is_a_value_error_so_callers_can_catch_either():
    assert issubclass(ReadError, ValueError)


# ---------------------------------------------------------------------------
# Hostile files (issue 10, point 5): each is refused quickly with a per-file message.
# ---------------------------------------------------------------------------


def test_a_billion_laughs_docx_is_refused_before_any_entity_is_expanded():
    data = hostile.billion_laughs_docx()
    started = time.perf_counter()
    with pytest.raises(ReadError, match="word/document.xml declares a DOCTYPE or XML entities.*refused for safety"):
        extract_bytes(data, "laughs.docx")
    assert time.perf_counter() - started < 2


def test_an_xxe_docx_never_reads_the_file_it_points_at(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("NHS number 943 476 5919")
    with pytest.raises(ReadError, match="declares a DOCTYPE") as refusal:
        extract_bytes(hostile.xxe_docx(str(secret)), "xxe.docx")
    assert "943 476 5919" not in str(refusal.value)


def test_an_xxe_html_page_keeps_the_entity_unresolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("NHS number 943 476 5919")
    page = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY s SYSTEM "file://{secret}">]><html><body>'
            "<p>Learning point 1: agencies should share information about the family with the school.</p>"
            "<p>&s;</p></body></html>")
    result = extract_bytes(page.encode(), "xxe.html")
    assert "943 476 5919" not in result.text
    assert "share information about the family" in result.text


def test_a_docx_with_malformed_xml_names_the_broken_part():
    with pytest.raises(ReadError, match=r"corrupt DOCX: the part word/document\.xml is not well-formed XML \(line 1"):
        extract_bytes(hostile.malformed_xml_docx(), "broken.docx")


def test_a_docx_whose_xml_is_not_a_word_document_is_a_read_error():
    with pytest.raises(ReadError, match="corrupt DOCX: the document's structure is not Word's"):
        extract_bytes(hostile.docx_with(b"<notes><p>Not Word</p></notes>"), "odd.docx")


def test_a_zip_bomb_docx_is_refused_from_its_declared_sizes():
    data = hostile.zip_bomb_docx()
    started = time.perf_counter()
    with pytest.raises(ReadError, match=r"DOCX expands to more than 200 MB or 200x its size \(3\d MB\): "
                                        "refused as a possible zip bomb"):
        extract_bytes(data, "bomb.docx")
    assert time.perf_counter() - started < 1


def test_a_docx_of_thousands_of_parts_is_refused():
    parts = {f"word/media/image{i}.png": b"" for i in range(5001)}
    with pytest.raises(ReadError, match="DOCX has 5,0.. parts"):
        extract_bytes(hostile.docx_with(hostile.docx_document_xml(), extra=parts), "parts.docx")


def test_a_pdf_listing_a_hundred_thousand_pages_is_refused_before_any_page_is_read():
    data = hostile.many_pages_pdf(100_000)
    assert len(data) < 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(ReadError, match="PDF has 100,000 pages \\(limit 3,000\\): split the document"):
        extract_bytes(data, "pages.pdf")
    assert time.perf_counter() - started < 3


def test_a_pdf_within_the_page_limit_is_read_page_by_page():
    raw = read_bytes(hostile.many_pages_pdf(3), "three.pdf")
    assert raw.text.count("agencies should share information") == 3
