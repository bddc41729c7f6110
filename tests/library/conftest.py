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
        "Learning points",
        "",
        *[f"{n}. {text}" for n, text in enumerate(learning, 1)],
        "",
        "Recommendations",
        "",
        *[f"{n}. {text}" for n, text in enumerate(recommendations, 1)],
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
