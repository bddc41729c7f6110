"""Library fixtures: the two seed renderings and small briefings written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "casereview" / "library" / "demo_data"
SEED_PDF_TEXT = SEEDS / "000_ca781f7ca3f0872d.txt"
SEED_WEB_TEXT = SEEDS / "001_2ee7c090b0ae84c3.txt"


def briefing(name: str, *, partnership: str = "Westshire Safeguarding Children Partnership", year: int = 2023,
             learning: list[str], recommendations: list[str]) -> bytes:
    """A plain-text practitioner briefing in the shape partnerships publish."""
    lines = [
        f"{partnership}",
        "",
        f"Practitioner briefing: Local Child Safeguarding Practice Review - {name}",
        "",
        f"Published {year}.",
        "",
        f"This review concerns a child who we shall call {name}, aged 4 years, who was seriously harmed.",
        "",
        "Background",
        "",
        "The family had moved to the area the year before the incident. Several agencies knew the family, "
        "including health visiting, the GP practice, children's social care and the police. This briefing sets "
        "out what the review found and what the partnership will do about it. Practitioners are asked to read it "
        "with their teams and to consider how its findings apply to their own work with families.",
        "",
        "Learning points",
        "",
        *[f"{n}. {text}" for n, text in enumerate(learning, 1)],
        "",
        "Recommendations",
        "",
        *[f"{n}. {text}" for n, text in enumerate(recommendations, 1)],
        "",
        "Further information",
        "",
        "The full report is available from the partnership's business unit. Managers are asked to discuss this "
        "briefing in team meetings and to record how the learning will change their team's practice over the "
        "coming year, so that the partnership can follow it up.",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


@pytest.fixture
def seed_pdf_text() -> bytes:
    return SEED_PDF_TEXT.read_bytes()


@pytest.fixture
def seed_web_text() -> bytes:
    return SEED_WEB_TEXT.read_bytes()


@pytest.fixture
def dog_briefing() -> bytes:
    return briefing(
        "Mia",
        learning=[
            "Practitioners should assess the risk posed by dogs in the household when a baby is born.",
            "Information sharing between the health visitor and housing officer was too slow to protect Mia.",
        ],
        recommendations=[
            "The partnership should publish guidance on dogs and babies for every practitioner.",
        ],
    )


def briefing_pdf(data: bytes, *, encrypt: str | None = None) -> bytes:
    """A text briefing laid out as a real PDF with a text layer (reportlab)."""
    import io
    import textwrap

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    _, height = A4
    y = height - 60
    pdf.setFont("Helvetica", 10)
    for paragraph in data.decode("utf-8").split("\n"):
        for line in textwrap.wrap(paragraph, 60) or [""]:
            if y < 60:
                pdf.showPage()
                pdf.setFont("Helvetica", 10)
                y = height - 60
            pdf.drawString(50, y, line)
            # A blank line is a smaller step: the PDF reader finds paragraphs by gaps wider than the usual pitch.
            y -= 14 if line else 10
    pdf.showPage()
    pdf.save()
    return buf.getvalue()
