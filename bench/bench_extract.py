"""Benchmark: extraction rate of the text engine (documents per second, one core).

Generates briefings shaped like real practitioner briefings (title, "What is ...",
background, learning points, recommendations, further information) from the labelled
evaluation items, renders each as plain text, as an HTML page with site chrome and as
a multi-page PDF, then times `extract_bytes` over each set in this single process.
Rendering is not timed. Every extraction is checked against the generated truth, so a
fast but wrong engine cannot post a good figure.

    .venv/bin/python bench/bench_extract.py [--docs 400] [--pdf-docs 100] [--seed 1]
"""

from __future__ import annotations

import argparse
import html
import io
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casereview.text.extract import extract_bytes  # noqa: E402

PLACES = ["Northshire", "Westbury and Eastmoor", "Kingsford", "Harrowgate", "Lowdale", "Brackenfield and Sutton"]
NAMES = ["Oliver", "Amira", "Jacob", "Lily", "Noah", "Maya", "Harry", "Evie", "Leo", "Zara"]
AGES = [("15 days", "15 days old"), ("9 weeks", "nine weeks old"), ("4 years", "4 years old"), ("7 months", "7 months old")]


@dataclass
class Briefing:
    """A generated briefing and the answer extraction should give."""

    blocks: list[tuple[str, str]]  # (kind, text) with kind heading | para | item
    partnership: str
    pseudonym: str
    age: str
    learning: list[str]
    recommendations: list[str]


def load_items() -> tuple[list[str], list[str]]:
    rows = [json.loads(line) for line in (ROOT / "eval/themes/items.jsonl").read_text().splitlines() if line]
    learning = [row["text"] for row in rows if row["kind"] == "learning_point" and not row["text"].endswith("?")]
    recs = [row["text"] for row in rows if row["kind"] == "recommendation"]
    return learning, recs


def make_briefing(rng: random.Random, learning_pool: list[str], rec_pool: list[str]) -> Briefing:
    place = rng.choice(PLACES)
    partnership = f"{place} Safeguarding Children Partnership"
    name = rng.choice(NAMES)
    age, age_words = rng.choice(AGES)
    learning = rng.sample(learning_pool, rng.randint(5, 10))
    recs = [f"The {partnership} should {text.split(' should ', 1)[1]}" if " should " in text else text
            for text in rng.sample(rec_pool, rng.randint(3, 7))]
    blocks = [
        ("heading", f"Learning from a Serious Case Review: {name}"),
        ("heading", "What is a Serious Case Review?"),
        ("para", "A review is undertaken when abuse or neglect of a child is known or suspected and the child has died; "
                 "or the child has been seriously harmed and there is cause for concern about how agencies worked together."),
        ("heading", "Background"),
        ("para", f"This review concerns a child who we shall call {name}, who was {age_words} when {name} was admitted to "
                 f"hospital with serious injuries. {name} subsequently died. The {partnership} commissioned the review."),
        ("heading", "Key learning points"),
        ("para", "The following points were identified by practitioners at the learning event:"),
        *[("item", text) for text in learning],
        ("heading", "Recommendations"),
        *[("item", text) for text in recs],
        ("heading", "Further information"),
        ("para", f"Procedures and training are on the {partnership} website."),
    ]
    return Briefing(blocks, partnership, name, age, learning, recs)


def as_text(briefing: Briefing) -> bytes:
    parts = []
    for kind, text in briefing.blocks:
        parts.append(("\u2022 " + text) if kind == "item" else text)
    return "\n\n".join(parts).encode("utf-8")


def as_html(briefing: Briefing) -> bytes:
    body, in_list = [], False
    for kind, text in briefing.blocks:
        if kind == "item" and not in_list:
            body.append("<ul>")
            in_list = True
        if kind != "item" and in_list:
            body.append("</ul>")
            in_list = False
        tag = {"heading": "h2", "item": "li", "para": "p"}[kind]
        body.append(f"<{tag}>{html.escape(text)}</{tag}>")
    if in_list:
        body.append("</ul>")
    page = (
        "<html><head><title>Briefing</title></head><body><a class='skip-link' href='#m'>Skip to content</a>"
        "<div class='cookie-banner'><p>We use cookies. Accept all cookies</p></div>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/about'>About</a></li></ul></nav>"
        f"<main id='m'><article>{''.join(body)}</article></main>"
        "<a href='#top'>Back To Top</a><div class='translate'>Translate \u00bb</div>"
        "<footer><p>\u00a9 Partnership</p></footer></body></html>"
    )
    return page.encode("utf-8")


def as_pdf(briefing: Briefing) -> bytes:
    import textwrap

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    width, height = A4
    page = 1

    def furniture() -> None:
        pdf.setFont("Helvetica", 8)
        pdf.drawString(50, height - 40, briefing.partnership + " - Practitioner Briefing")
        pdf.drawString(50, 30, f"Page {page}")
        pdf.setFont("Helvetica", 10)

    furniture()
    y = height - 80
    for kind, text in briefing.blocks:
        lines = textwrap.wrap(("\u2022 " if kind == "item" else "") + text, 95)
        for line in lines:
            if y < 60:
                pdf.showPage()
                page += 1
                furniture()
                y = height - 80
            pdf.drawString(50, y, line)
            y -= 13
        y -= 8
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def check(briefing: Briefing, data: bytes, name: str) -> int:
    """Number of wrong answers (0 when the extraction matches the generated truth)."""
    result = extract_bytes(data, name)
    wrong = 0
    wrong += [item.text for item in result.learning_points] != briefing.learning
    wrong += [item.text for item in result.recommendations] != briefing.recommendations
    wrong += result.partnership != briefing.partnership
    wrong += result.pseudonym != briefing.pseudonym
    wrong += result.age != briefing.age
    return wrong


def time_set(label: str, documents: list[bytes], suffix: str) -> dict:
    start = time.perf_counter()
    for index, data in enumerate(documents):
        extract_bytes(data, f"doc{index}{suffix}")
    elapsed = time.perf_counter() - start
    rate = len(documents) / elapsed
    print(f"{label:5} {len(documents):5d} docs  {elapsed:7.2f} s  {rate:8.1f} docs/s  {1000 * elapsed / len(documents):6.1f} ms/doc")
    return {"format": label, "docs": len(documents), "seconds": elapsed, "docs_per_second": rate}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=400, help="text and HTML briefings")
    parser.add_argument("--pdf-docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    learning_pool, rec_pool = load_items()
    briefings = [make_briefing(rng, learning_pool, rec_pool) for _ in range(args.docs)]
    texts = [as_text(b) for b in briefings]
    pages = [as_html(b) for b in briefings]
    pdfs = [as_pdf(b) for b in briefings[: args.pdf_docs]]
    # Warm caches (compiled patterns, lazy imports) outside the timed loops.
    extract_bytes(texts[0], "warm.txt")
    extract_bytes(pages[0], "warm.html")
    extract_bytes(pdfs[0], "warm.pdf")
    errors = {
        "text": sum(check(b, d, "c.txt") for b, d in zip(briefings[:50], texts, strict=False)),
        "html": sum(check(b, d, "c.html") for b, d in zip(briefings[:50], pages, strict=False)),
        "pdf": sum(check(b, d, "c.pdf") for b, d in zip(briefings[:50], pdfs, strict=False)),
    }
    print(f"correctness check on 50 briefings per format (wrong answers): {errors}")
    print("one process, one core:")
    results = [time_set("text", texts, ".txt"), time_set("html", pages, ".html"), time_set("pdf", pdfs, ".pdf")]
    target_ok = all(r["docs_per_second"] >= 50 for r in results[:2])
    print(f"target >= 50 text/HTML briefings per second per core: {'met' if target_ok else 'NOT met'}")
    return 0 if target_ok and not any(errors.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
