"""7-minute briefings: drafted beside the practitioner briefing, behind the same gate and four eyes,
and rendered as a page, a one- or two-page PDF and a DOCX carrying the same seven numbered parts."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from django.urls import reverse

from casereview.core.refusals import Refused
from casereview.publishing import services
from casereview.publishing.models import SEVEN_MINUTE_SECTIONS, BriefingKind, BriefingStatus
from tests.publishing.conftest import LEARNING_POINTS, gate_and_approve

PART_HEADINGS = [f"{n}. {label}" for n, (_key, label) in enumerate(SEVEN_MINUTE_SECTIONS, start=1)]


@pytest.fixture
def seven(review, manager_rob, now):
    return services.create_briefing_from_review(review=review, by=manager_rob, now=now, kind=BriefingKind.SEVEN_MINUTE)


@pytest.fixture
def published_seven(seven, manager_rob, admin_asha, now):
    gate_and_approve(seven, runner=manager_rob, approver=admin_asha, now=now)
    return services.publish_briefing(briefing=seven, by=manager_rob, now=now)


def test_a_7_minute_briefing_is_drafted_from_the_findings_beside_the_practitioner_briefing(briefing, seven):
    assert (briefing.kind, briefing.version, seven.kind, seven.version) == ("practitioner", 1, "seven_minute", 1)
    assert [s["label"] for s in seven.sections()] == [label for _k, label in SEVEN_MINUTE_SECTIONS]
    assert [s["number"] for s in seven.sections()] == [1, 2, 3, 4, 5, 6, 7]
    assert seven.sections()[3]["paragraphs"] == LEARNING_POINTS
    assert all(s["paragraphs"] for s in seven.sections()), "every part has a first draft"


def test_a_second_7_minute_draft_is_refused_while_one_is_in_progress(seven, review, manager_rob, now):
    with pytest.raises(Refused, match="7-minute briefing is still in progress"):
        services.create_briefing_from_review(review=review, by=manager_rob, now=now, kind="seven_minute")


def test_an_identifier_in_a_7_minute_part_stops_it_at_the_gate(seven, manager_rob, now):
    services.edit_briefing(briefing=seven, by=manager_rob, now=now, why_it_matters="Jayden Smith died.")
    result = services.run_gate(briefing=seven, by=manager_rob, now=now)
    assert not result.ok and result.problems == [
        "Why it matters: 'Jayden Smith' matches restricted identifier (name)"]


def test_the_person_who_ran_the_gate_cannot_approve_a_7_minute_briefing(seven, manager_rob, now):
    services.run_gate(briefing=seven, by=manager_rob, now=now)
    with pytest.raises(Refused, match="second person"):
        services.approve_briefing(briefing=seven, by=manager_rob, now=now)


def test_a_7_minute_briefing_with_an_empty_part_cannot_be_published(seven, manager_rob, admin_asha, now):
    services.edit_briefing(briefing=seven, by=manager_rob, now=now, reflection_questions="")
    gate_and_approve(seven, runner=manager_rob, approver=admin_asha, now=now)
    with pytest.raises(Refused, match="Part 5, Questions for reflection, is empty"):
        services.publish_briefing(briefing=seven, by=manager_rob, now=now)


def test_publishing_a_7_minute_briefing_leaves_the_reviews_publication_check_to_the_practitioner_briefing(
        published_seven, briefing):
    from casereview.publishing.gate import current_briefing

    assert published_seven.status == BriefingStatus.PUBLISHED
    assert current_briefing(briefing.review) == briefing


def _pdf_text(data: bytes) -> tuple[str, int]:
    document = pypdfium2.PdfDocument(data)
    return "".join(document[i].get_textpage().get_text_range() for i in range(len(document))), len(document)


def test_the_page_pdf_and_docx_carry_the_same_seven_part_headings(client, published_seven):
    from docx import Document

    page = client.get(reverse("publishing:public_detail", args=[published_seven.pk])).content.decode()
    pdf_text, pages = _pdf_text(client.get(reverse("publishing:public_download", args=[published_seven.pk, "pdf"])).content)
    docx = Document(io.BytesIO(client.get(reverse("publishing:public_download",
                                                  args=[published_seven.pk, "docx"])).content))
    docx_headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
    pdf_lines = [" ".join(line.split()) for line in pdf_text.splitlines()]

    assert docx_headings == PART_HEADINGS
    assert [h for h in PART_HEADINGS if h in pdf_lines] == PART_HEADINGS
    assert [h for h in PART_HEADINGS if f">{h}</h2>" in page] == PART_HEADINGS
    assert 1 <= pages <= 2
    assert "7-minute briefing" in pdf_text and "Jayden" not in pdf_text


def test_the_7_minute_download_is_named_as_one(client, published_seven):
    response = client.get(reverse("publishing:public_download", args=[published_seven.pk, "pdf"]))
    assert 'filename="7-minute-briefing-lcspr-2026-003-v1.pdf"' in response["Content-Disposition"]


def test_the_edit_page_of_a_7_minute_briefing_asks_for_its_seven_parts(client_for, manager_rob, seven):
    page = client_for(manager_rob).get(reverse("publishing:edit", args=[seven.pk])).content.decode()
    for label in ("Why it matters", "The learning", "Questions for reflection", "What to do or think about"):
        assert f">{label}</label>" in page
    assert "Key learning points" not in page


def test_a_manager_drafts_a_7_minute_briefing_from_the_list(client_for, manager_rob, review, briefing):
    client = client_for(manager_rob)
    assert "Draft 7-minute briefing" in client.get(reverse("publishing:list")).content.decode()
    response = client.post(reverse("publishing:start", args=[review.pk]), {"kind": "seven_minute"})
    assert response.status_code == 302
    assert review.briefings.filter(kind="seven_minute").count() == 1


def test_a_7_minute_briefing_that_prints_on_more_than_two_pages_cannot_be_published(seven, manager_rob, admin_asha,
                                                                                   now):
    long_learning = "\n\n".join(f"Learning point {n}: " + "Professionals should explore risk fully. " * 30
                                for n in range(1, 13))
    services.edit_briefing(briefing=seven, by=manager_rob, now=now, the_learning=long_learning)
    gate_and_approve(seven, runner=manager_rob, approver=admin_asha, now=now)
    with pytest.raises(Refused, match="prints on [3-9] pages: shorten its parts"):
        services.publish_briefing(briefing=seven, by=manager_rob, now=now)
    seven.refresh_from_db()
    assert seven.status != BriefingStatus.PUBLISHED
