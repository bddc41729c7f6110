"""Links from ingested documents: only http, https and mailto ever become a clickable link on the library pages."""

from __future__ import annotations

import io

import docx
from django.urls import reverse
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from casereview.library.models import LibraryEntry
from casereview.library.services import ingest_file
from tests.library.conftest import briefing

HOSTILE = ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
           "data:text/html,<script>alert(1)</script>"]


def docx_briefing_with_links(urls: list[str]) -> bytes:
    """A briefing as Word would save it, with each URL as an external hyperlink."""
    document = docx.Document()
    text = briefing("Kai", learning=["Practitioners did not share the bruising they saw on the baby with each other."],
                    recommendations=["The partnership should audit how bruising in non-mobile babies is shared."])
    for line in text.decode().split("\n"):
        document.add_paragraph(line)
    paragraph = document.add_paragraph("Read more: ")
    for url in urls:
        rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = docx.oxml.shared.OxmlElement("w:hyperlink")
        link.set(docx.oxml.shared.qn("r:id"), rel_id)
        run = docx.oxml.shared.OxmlElement("w:r")
        t = docx.oxml.shared.OxmlElement("w:t")
        t.text = "the full report"
        run.append(t)
        link.append(run)
        paragraph._p.append(link)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_javascript_link_in_an_uploaded_docx_is_not_stored_or_shown_as_a_link(client_for, manager_rob, board_margaret, now):
    data = docx_briefing_with_links([*HOSTILE, "https://www.example.org/kai-report"])
    result = ingest_file(data=data, filename="kai.docx", by=manager_rob, now=now)
    assert result.entry is not None, result.error
    entry = LibraryEntry.objects.get()
    assert entry.links == ["https://www.example.org/kai-report"]
    html = client_for(board_margaret).get(reverse("library:entry", args=[entry.pk])).content.decode()
    assert 'href="https://www.example.org/kai-report"' in html
    assert "javascript:" not in html.lower() and "data:text/html" not in html


def test_a_javascript_link_stored_before_the_check_is_shown_as_text_not_a_link(client_for, manager_rob, board_margaret, now):
    ingest_file(data=docx_briefing_with_links(["https://www.example.org/kai-report"]), filename="kai.docx",
                by=manager_rob, now=now)
    entry = LibraryEntry.objects.get()
    LibraryEntry.objects.filter(pk=entry.pk).update(links=["javascript:alert(1)", "https://www.example.org/kai-report"])
    html = client_for(board_margaret).get(reverse("library:entry", args=[entry.pk])).content.decode()
    assert 'href="javascript:' not in html and "<li>javascript:alert(1)</li>" in html
    assert 'href="https://www.example.org/kai-report"' in html
