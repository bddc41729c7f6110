"""Shared fixtures for the text engine: the seed briefing and renderings of it.

The seed is one real briefing in two renderings (OCR text of its PDF, text of its web
page), copied into tests/fixtures/seeds so the tests run on a fresh clone. The PDF,
DOCX and HTML renderings are generated here so that every reader is held to the
same acceptance result.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
OCR_SEED = SEEDS / "000_ca781f7ca3f0872d.txt"
WEB_SEED = SEEDS / "001_2ee7c090b0ae84c3.txt"
TITLE = "Learning lessons from a Serious Case Review \u2014 Oliver"
WEB_HEADINGS = {
    "What is a Serious Case Review (SCR)?",
    "Changes since the SCR for Oliver",
    "The Serious Case Review for Oliver",
    "Identification of risk specifically in relation to the family pet dogs",
    "Key Learning Points for Professionals",
    "Further Information:",
}
CHROME_LINES = {"skip to Main Content", "Back To Top", "Translate \u00bb", "Skip to content"}


def web_blocks() -> list[tuple[str, str]]:
    """The web seed as (kind, text) blocks: heading, item, para; chrome lines dropped."""
    blocks = []
    for line in WEB_SEED.read_text(encoding="utf-8").split("\n"):
        text = line.strip()
        if not text or text in CHROME_LINES:
            continue
        if text.startswith("\u2022"):
            blocks.append(("item", text.lstrip("\u2022 ")))
        elif text in WEB_HEADINGS:
            blocks.append(("heading", text))
        else:
            blocks.append(("para", text))
    return blocks


def build_pdf(lines: list[str], *, header: str, encrypt: str | None = None) -> bytes:
    """A multi-page PDF with a running header and "Page N of M" footers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    width, height = A4
    per_page = 52
    total = -(-len(lines) // per_page) or 1
    for page in range(total):
        pdf.setFont("Helvetica", 8)
        pdf.drawString(50, height - 40, header)
        pdf.drawString(50, 30, f"Page {page + 1} of {total}")
        pdf.setFont("Helvetica", 9)
        y = height - 90
        for line in lines[page * per_page : (page + 1) * per_page]:
            pdf.drawString(50, y, line)
            y -= 12 if line.strip() else 6
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def seed_pdf_bytes() -> bytes:
    """The OCR seed laid out as a PDF text layer, bullets as real bullet glyphs."""
    lines = []
    for line in OCR_SEED.read_text(encoding="utf-8").split("\n"):
        lines.append("\u2022 " + line[2:] if line.startswith("e ") else line)
    return build_pdf(lines, header="Cambridgeshire and Peterborough Safeguarding Partnership Board - Briefing")


def seed_docx_bytes() -> bytes:
    """The web seed as Word: styled headings and bullets, recommendations in a table."""
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    blocks = web_blocks()
    recommendations = [text for kind, text in blocks if kind == "item" and text.startswith("The Cambridgeshire")]
    for kind, text in blocks:
        if text in recommendations:
            continue
        if kind == "heading":
            if text == "Further Information:":
                table = document.add_table(rows=len(recommendations) + 1, cols=1)
                table.cell(0, 0).text = "Recommendations"
                for row, rec in enumerate(recommendations, start=1):
                    table.cell(row, 0).text = rec
            document.add_heading(text, level=2)
        elif kind == "item":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def seed_html_bytes() -> bytes:
    """The web seed as a page with the chrome real partnership sites carry."""
    parts = []
    in_list = False
    for kind, text in web_blocks():
        if kind == "item" and not in_list:
            parts.append("<ul>")
            in_list = True
        if kind != "item" and in_list:
            parts.append("</ul>")
            in_list = False
        escaped = html.escape(text, quote=False)
        if kind == "heading":
            parts.append(f"<h2>{escaped}</h2>")
        elif kind == "item":
            parts.append(f"<li>{escaped}</li>")
        else:
            parts.append(f"<p>{escaped}</p>")
    if in_list:
        parts.append("</ul>")
    body = "\n".join(parts)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Oliver | Safeguarding Partnership</title></head>
<body>
<a class="skip-link" href="#main">skip to Main Content</a>
<div id="cookie-banner" class="cookie-notice"><p>We use cookies to make this site work. Accept all cookies</p>
<button>Accept</button><button>Reject</button></div>
<header><div class="logo">Safeguarding Partnership Board</div>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/children-board/">Children Board</a></li>
<li><a href="/training/">Training</a></li><li><a href="/contact/">Contact us</a></li></ul></nav></header>
<main id="main"><article class="entry-content">
<h1>{html.escape(TITLE, quote=False)}</h1>
{body}
<p><a href="https://www.safeguardingcambspeterborough.org.uk/children-board/">Safeguarding Partnership Board Website</a></p>
</article></main>
<a href="#top" class="back-to-top">Back To Top</a>
<div class="gtranslate">Translate &raquo;</div>
<footer><p>&copy; 2020 Safeguarding Partnership Board. All rights reserved.</p>
<ul><li><a href="/privacy/">Privacy</a></li><li><a href="/accessibility/">Accessibility</a></li></ul></footer>
</body></html>"""
    return page.encode("utf-8")


@pytest.fixture(scope="session")
def seed_renderings() -> dict[str, bytes]:
    """Every rendering of the seed briefing, by file name."""
    return {
        OCR_SEED.name: OCR_SEED.read_bytes(),
        WEB_SEED.name: WEB_SEED.read_bytes(),
        "oliver.pdf": seed_pdf_bytes(),
        "oliver.docx": seed_docx_bytes(),
        "oliver.html": seed_html_bytes(),
    }
