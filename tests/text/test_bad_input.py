"""Bad input (issue 5, point 8): each refusal is a ReadError whose message says what to do."""

from __future__ import annotations

import io
import zipfile

import pytest

from casereview.text.extract import ReadError, extract_bytes, extract_path

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
