"""A published briefing as HTML, PDF (WeasyPrint) and DOCX (python-docx).

Every rendering reads the briefing through `public_view`, which runs the gate's
finder once more and masks anything it finds: an identifier added to the review
after publication must not reach the public either.

A 7-minute briefing's three renderings carry the same seven numbered part
headings ("1. Background" ... "7. Further information"); its PDF lays the parts
out as numbered boxes in two columns, on one or two A4 pages, as partnerships
print them for team meetings.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string

from casereview.publishing.gate import mask, scan_briefing
from casereview.publishing.models import LIST_SECTIONS, NUMBERED_SECTIONS, Briefing
from casereview.text.paragraphs import paragraphs

HEADER = "Safeguarding Children Partnership Practitioner Briefing"
SEVEN_MINUTE_HEADER = "Safeguarding Children Partnership 7-minute briefing"


@dataclass
class PublicBriefing:
    pk: int
    title: str
    partnership: str
    review_type: str
    reference: str
    published_at: object
    publish_until: object
    sections: list[dict]
    header: str = HEADER
    seven_minute: bool = False


def public_view(briefing: Briefing) -> PublicBriefing:
    result = scan_briefing(briefing)
    by_section: dict[str, list] = {}
    for hit in result.hits:
        by_section.setdefault(hit.section, []).append(hit)
    sections = []
    for number, (key, label) in enumerate(briefing.section_fields, start=1):
        text = mask(getattr(briefing, key), by_section.get(key, []))
        if text.strip():
            sections.append({"key": key, "label": label, "is_list": key in LIST_SECTIONS,
                             "number": number if briefing.is_seven_minute else None,
                             "heading": f"{number}. {label}" if briefing.is_seven_minute else label,
                             "numbered": key in NUMBERED_SECTIONS, "paragraphs": paragraphs(text)})
    return PublicBriefing(
        pk=briefing.pk, title=mask(briefing.title, by_section.get("title", [])),
        partnership=briefing.review.partnership.name, review_type=briefing.review.review_type.name,
        reference=briefing.review.reference, published_at=briefing.published_at,
        publish_until=briefing.publish_until, sections=sections,
        header=SEVEN_MINUTE_HEADER if briefing.is_seven_minute else HEADER, seven_minute=briefing.is_seven_minute,
    )


def render_pdf(briefing: Briefing) -> bytes:
    from weasyprint import HTML

    view = public_view(briefing)
    template = "publishing/seven_minute_print.html" if view.seven_minute else "publishing/briefing_print.html"
    html = render_to_string(template, {"briefing": view})
    return HTML(string=html).write_pdf()


def pdf_page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def render_docx(briefing: Briefing) -> bytes:
    from docx import Document

    view = public_view(briefing)
    document = Document()
    document.core_properties.title = view.title
    document.core_properties.author = view.partnership
    document.add_paragraph(f"{view.partnership}: {view.header}")
    document.add_heading(view.title, level=0)
    for section in view.sections:
        document.add_heading(section["heading"], level=1)
        for text in section["paragraphs"]:
            style = "List Number" if section["numbered"] else "List Bullet" if section["is_list"] else None
            document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def download_name(briefing: Briefing, extension: str) -> str:
    kind = "7-minute-briefing" if briefing.is_seven_minute else "briefing"
    return f"{kind}-{briefing.review.reference}-v{briefing.version}.{extension}".lower()
