"""A published briefing as HTML, PDF (WeasyPrint) and DOCX (python-docx).

Every rendering reads the briefing through `public_view`, which runs the gate's
finder once more and masks anything it finds: an identifier added to the review
after publication must not reach the public either.

A 7-minute briefing's three renderings carry the same seven numbered part
headings ("1. Background" ... "7. Further information"); its PDF lays the parts
out as numbered boxes in two columns, on one or two A4 pages, as partnerships
print them for team meetings.

The public PDF and DOCX are rendered once and kept in the default storage
(`public_file`), named by the briefing and a hash of exactly what the public may
see: publication stores them (after its commit), an anonymous download reads the
stored bytes, and a change to what the public sees (an identifier added to the
review since, now masked) gives a new hash, so the file is rendered once more.
Withdrawal deletes them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.template.loader import render_to_string

from casereview.core import storage
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
    return pdf_from_view(public_view(briefing))


def pdf_from_view(view: PublicBriefing) -> bytes:
    from weasyprint import HTML

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
    return docx_from_view(public_view(briefing))


def docx_from_view(view: PublicBriefing) -> bytes:
    from docx import Document

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


CONTENT_TYPES = {"pdf": "application/pdf",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
FOLDER = "briefings"


def view_hash(view: PublicBriefing) -> str:
    """SHA-256 of everything a public rendering shows (already masked)."""
    encoded = json.dumps(dataclasses.asdict(view), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def stored_name(briefing: Briefing, fmt: str, digest: str) -> str:
    return f"{FOLDER}/{briefing.pk}/v{briefing.version}-{digest[:32]}.{fmt}"


def public_file(briefing: Briefing, fmt: str) -> bytes:
    """The public PDF or DOCX of a published briefing: the stored bytes, rendered and stored first if missing.

    Preconditions: `briefing` came from access.public_briefing (published, not withdrawn).
    """
    view = public_view(briefing)
    name = stored_name(briefing, fmt, view_hash(view))
    store = storage.default()
    try:
        return storage.read_bytes(store, name)
    except FileNotFoundError:
        pass
    body = pdf_from_view(view) if fmt == "pdf" else docx_from_view(view)
    store.save(name, ContentFile(body))  # two first requests at once: both render, the second is stored beside
    return body


def store_public_files(briefing: Briefing) -> None:
    """Render and store both public files of a just-published briefing (publish_briefing, after its commit)."""
    for fmt in CONTENT_TYPES:
        public_file(briefing, fmt)


def delete_public_files(briefing_pk: int) -> int:
    """Delete every stored public rendering of a briefing (withdrawal); returns how many."""
    store = storage.default()
    names = list(storage.walk(store, f"{FOLDER}/{briefing_pk}"))
    for name in names:
        store.delete(name)
    return len(names)
