"""A published briefing as HTML, PDF (WeasyPrint) and DOCX (python-docx).

Every rendering reads the briefing through `public_view`, which runs the gate's
finder once more and masks anything it finds: an identifier added to the review
after publication must not reach the public either.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string

from casereview.publishing.gate import mask, scan_briefing
from casereview.publishing.models import LIST_SECTIONS, NUMBERED_SECTIONS, SECTIONS, Briefing
from casereview.text.paragraphs import paragraphs

HEADER = "Safeguarding Children Partnership Practitioner Briefing"


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


def public_view(briefing: Briefing) -> PublicBriefing:
    result = scan_briefing(briefing)
    by_section: dict[str, list] = {}
    for hit in result.hits:
        by_section.setdefault(hit.section, []).append(hit)
    sections = []
    for key, label in SECTIONS:
        text = mask(getattr(briefing, key), by_section.get(key, []))
        if text.strip():
            sections.append({"key": key, "label": label, "is_list": key in LIST_SECTIONS,
                             "numbered": key in NUMBERED_SECTIONS, "paragraphs": paragraphs(text)})
    return PublicBriefing(
        pk=briefing.pk, title=mask(briefing.title, by_section.get("title", [])),
        partnership=briefing.review.partnership.name, review_type=briefing.review.review_type.name,
        reference=briefing.review.reference, published_at=briefing.published_at,
        publish_until=briefing.publish_until, sections=sections,
    )


def render_pdf(briefing: Briefing) -> bytes:
    from weasyprint import HTML

    html = render_to_string("publishing/briefing_print.html", {"briefing": public_view(briefing)})
    return HTML(string=html).write_pdf()


def render_docx(briefing: Briefing) -> bytes:
    from docx import Document

    view = public_view(briefing)
    document = Document()
    document.core_properties.title = view.title
    document.core_properties.author = view.partnership
    document.add_paragraph(f"{view.partnership}: {view.header}")
    document.add_heading(view.title, level=0)
    for section in view.sections:
        document.add_heading(section["label"], level=1)
        for text in section["paragraphs"]:
            style = "List Number" if section["numbered"] else "List Bullet" if section["is_list"] else None
            document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def download_name(briefing: Briefing, extension: str) -> str:
    return f"briefing-{briefing.review.reference}-v{briefing.version}.{extension}".lower()
