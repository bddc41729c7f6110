"""OCR (issue 14, item 1): image-only PDFs are read by Tesseract; text layers are never OCR'd.

The scans are made at test time from the seed briefing (tests/text/scanned.py): its
text PDF rendered to page images at 200 dpi and wrapped in a PDF with no text layer.
"""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from casereview.text import ocr
from casereview.text.extract import Extracted, ReadError, extract_bytes
from casereview.text.readers import read_pdf

from .conftest import build_pdf, seed_pdf_bytes
from .scanned import degrade, rasterise, scan


def best_match(text: str, candidates: list[str]) -> float:
    return max((fuzz.ratio(text, other) for other in candidates), default=0.0)


def assert_same_items(scanned: Extracted, text: Extracted) -> None:
    """Same counts, and every item of the text rendering has a >= 0.9 similar item in the scan."""
    assert len(scanned.learning_points) == len(text.learning_points)
    assert len(scanned.recommendations) == len(text.recommendations)
    for kind in ("learning_points", "recommendations"):
        found = [item.text for item in getattr(scanned, kind)]
        for item in getattr(text, kind):
            assert best_match(item.text, found) >= 90, item.text


@pytest.fixture(scope="module")
def seed_text() -> Extracted:
    return extract_bytes(seed_pdf_bytes(), "oliver.pdf")


@pytest.fixture
def ocr_calls(monkeypatch) -> list[int]:
    """Counts pages sent to Tesseract, through the reader's one seam."""
    calls: list[int] = []
    real = ocr.read_page

    def counting(page):
        calls.append(1)
        return real(page)

    monkeypatch.setattr(ocr, "read_page", counting)
    return calls


def test_a_scanned_seed_briefing_gives_the_same_ten_learning_points_and_seven_recommendations(seed_text, ocr_calls):
    scanned = extract_bytes(scan(seed_pdf_bytes(), dpi=200), "oliver-scan.pdf")
    assert len(seed_text.learning_points) == 10 and len(seed_text.recommendations) == 7
    assert_same_items(scanned, seed_text)
    assert len(ocr_calls) == 3
    assert scanned.pseudonym == "Oliver"
    assert scanned.partnership == seed_text.partnership


@pytest.mark.slow
def test_a_noisy_skewed_scan_of_the_seed_still_gives_the_same_items(seed_text):
    scanned = extract_bytes(scan(seed_pdf_bytes(), dpi=300, noise=True, skew=2.0, seed=3), "oliver-noisy.pdf")
    assert_same_items(scanned, seed_text)


def mixed_pdf() -> bytes:
    """Page 1 has a text layer; page 2 is only an image of a text page (a scan)."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    scanned_page = rasterise(
        build_pdf(["Recommendations", "", "The Northshire Partnership should audit pre-birth assessments."], header="x"),
        200,
    )[0]
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    width, height = A4
    text = pdf.beginText(50, height - 90)
    text.setFont("Helvetica", 9)
    for line in ["Learning points", "", "Practitioners should always see the baby with the parents' dogs present."]:
        text.textLine(line)
    pdf.drawText(text)
    pdf.showPage()
    pdf.drawImage(ImageReader(scanned_page), 0, 0, width, height)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def test_a_mixed_pdf_uses_the_text_layer_where_a_page_has_one_and_ocr_elsewhere(ocr_calls):
    raw = read_pdf(mixed_pdf())
    assert raw.ocr_pages == [2]
    assert len(ocr_calls) == 1
    first, second = raw.text.split("\f")
    assert "Practitioners should always see the baby" in first
    assert "audit pre-birth assessments" in second


def test_a_text_pdf_is_never_sent_to_ocr(seed_text, ocr_calls):
    raw = read_pdf(seed_pdf_bytes())
    assert raw.ocr_pages == []
    assert ocr_calls == []


def test_without_tesseract_the_error_says_to_install_tesseract_ocr(monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(ReadError, match=r"scanned PDF \(page 1\): .*install the Debian packages tesseract-ocr"):
        extract_bytes(scan(build_pdf(["Learning points"] * 5, header="x"), dpi=100), "scan.pdf")


def test_a_page_is_levelled_before_ocr():
    page = rasterise(seed_pdf_bytes(), 100)[0]
    skewed = page.rotate(2.0, expand=True, fillcolor=255)
    assert ocr.skew_angle(skewed) == pytest.approx(-2.0, abs=0.3)
    assert ocr.skew_angle(page) == pytest.approx(0.0, abs=0.3)


def test_marks_left_by_specks_and_misread_bullets_are_tidied_from_ocr_text():
    raw = "\n".join([
        "Key learning points -",
        "The following points were identified:",
        "*The baby's weight loss was not escalated.",
        "_ \u00a2 Staff need time to make decisions. :",
        "\u00a9Co-sleeping should be discussed at every contact _ always.",
        "_Northshire Partnership",
        "meeting to - meeting",
    ])
    assert ocr.tidy_ocr_text(raw).split("\n") == [
        "Key learning points",
        "The following points were identified:",
        "\u2022 The baby's weight loss was not escalated.",
        "\u2022 Staff need time to make decisions.",
        "\u2022 Co-sleeping should be discussed at every contact always.",
        "Northshire Partnership",
        "meeting to - meeting",
    ]


def tesseract_data(paragraphs: list[list[list[tuple[str, int]]]]) -> dict[str, list]:
    """image_to_data's dictionary for paragraphs of lines of (word, left) pairs."""
    data: dict[str, list] = {key: [] for key in ("level", "block_num", "par_num", "line_num", "left", "text")}
    for block, lines in enumerate(paragraphs, start=1):
        for number, line in enumerate(lines, start=1):
            for word, left in line:
                for key, value in zip(data, (5, block, 1, number, left, word), strict=True):
                    data[key].append(value)
    return data


def test_a_bullet_tesseract_dropped_is_restored_where_the_pages_bulleted_text_starts():
    data = tesseract_data([
        [[("The", 300), ("following", 340), ("points:", 420)], [("Lost", 330), ("bullet.", 380)]],
        [[("\u00a2", 300), ("First", 330), ("item", 380)], [("goes", 301), ("on.", 350)]],
        [[("*", 301), ("Second", 331), ("item.", 390)]],
        [[("Dropped", 329), ("one.", 400)]],
        [[("A", 300), ("paragraph", 330), ("at", 420), ("the", 440), ("margin.", 470)]],
    ])
    assert ocr.page_text(data).split("\n\n") == [
        "The following points:\n\u2022 Lost bullet.",
        "\u00a2 First item\ngoes on.",
        "* Second item.",
        "\u2022 Dropped one.",
        "A paragraph at the margin.",
    ]


def test_without_bullets_on_the_page_no_line_gains_one():
    data = tesseract_data([[[("Indented", 330), ("first", 400), ("line.", 450)], [("Then", 300), ("more.", 350)]]])
    assert ocr.page_text(data) == "Indented first line.\nThen more."


def test_only_a_page_with_specks_in_its_margins_counts_as_speckled():
    page = rasterise(seed_pdf_bytes(), 150)[0]
    assert not ocr.is_speckled(page)
    assert ocr.is_speckled(degrade(page, noise=True, skew=0.0))


def test_a_scans_resolution_is_read_from_its_page_image():
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(scan(build_pdf(["Learning points"] * 5, header="x"), dpi=150))
    assert ocr.scan_dpi(document[0]) == pytest.approx(150, abs=1)
    document.close()
