"""The public pages and downloads: published briefings only, never an identifier."""

from __future__ import annotations

import io

import pypdfium2
from django.urls import reverse

from casereview.publishing.services import edit_briefing, withdraw_briefing
from tests.publishing.conftest import LEARNING_POINTS


def _public(pk):
    return reverse("publishing:public_detail", args=[pk])


def test_anyone_can_read_a_published_briefing_without_signing_in(client, published):
    response = client.get(_public(published.pk))
    assert response.status_code == 200
    text = response.content.decode()
    assert published.title in text
    assert LEARNING_POINTS[0] in text
    for heading in ("Background", "Key learning points for professionals", "Recommendations", "Further information"):
        assert heading in text


def test_a_drafts_public_address_is_not_found(client, briefing):
    assert client.get(_public(briefing.pk)).status_code == 404
    assert client.get(reverse("publishing:public_download", args=[briefing.pk, "pdf"])).status_code == 404


def test_a_withdrawn_briefings_address_and_downloads_answer_410_gone(client, published, admin_asha, now):
    withdraw_briefing(briefing=published, by=admin_asha, reason="Court order: the family can be identified", now=now)
    response = client.get(_public(published.pk))
    html = response.content.decode()
    assert response.status_code == 410  # gone on purpose, not a mistyped address
    assert "This page is no longer available" in html and "withdrawn" in html and "govuk-template" in html
    assert "Court order" not in html and published.title not in html
    for fmt in ("pdf", "docx"):
        assert client.get(reverse("publishing:public_download", args=[published.pk, fmt])).status_code == 410
    assert published.title not in client.get(reverse("publishing:public_list")).content.decode()


def test_the_public_list_shows_only_published_briefings(client, published, manager_rob, now):
    from casereview.publishing.services import create_briefing_from_review

    draft = create_briefing_from_review(review=published.review, by=manager_rob, now=now)
    edit_briefing(briefing=draft, by=manager_rob, now=now, title="Second version still being written")
    page = client.get(reverse("publishing:public_list")).content.decode()
    assert published.title in page
    assert "Second version still being written" not in page


def test_an_identifier_added_after_publication_is_masked_on_every_public_rendering(client, published):
    published.review.restricted_identifiers.create(kind="name", value="Oliver", label="Added late")
    page = client.get(_public(published.pk)).content.decode()
    assert "Oliver" not in page and "[removed]" in page
    pdf = client.get(reverse("publishing:public_download", args=[published.pk, "pdf"]))
    assert "Oliver" not in _pdf_text(pdf.content)


def _pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in pdf)


def test_the_pdf_download_contains_the_learning_points(client, published):
    response = client.get(reverse("publishing:public_download", args=[published.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    for point in LEARNING_POINTS:
        assert " ".join(point.split()) in text
    assert "Recommendations" in text


def test_the_docx_download_numbers_the_learning_points(client, published):
    import docx

    response = client.get(reverse("publishing:public_download", args=[published.pk, "docx"]))
    document = docx.Document(io.BytesIO(response.content))
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert numbered[:len(LEARNING_POINTS)] == LEARNING_POINTS
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Key learning points for professionals" in headings


def test_an_unknown_download_format_is_not_found(client, published):
    assert client.get(reverse("publishing:public_download", args=[published.pk, "exe"])).status_code == 404


def _between(page: str, start: str, end: str) -> str:
    return page[page.index(start):page.index(end, page.index(start))]


def test_learning_points_and_recommendations_are_numbered_and_what_is_this_review_is_paragraphs(client, published):
    page = client.get(_public(published.pk)).content.decode()
    learning = _between(page, 'id="section-learning_points"', "</ol>")
    assert '<ol class="govuk-list govuk-list--number">' in learning
    assert learning.count("<li>") == len(LEARNING_POINTS)
    assert '<ol class="govuk-list govuk-list--number">' in _between(page, 'id="section-recommendations"', "</ol>")
    assert '<ul class="govuk-list govuk-list--bullet">' in _between(page, 'id="section-further_information"', "</ul>")
    what_is = _between(page, 'id="section-what_is"', 'id="section-background"')
    assert "<li>" not in what_is and what_is.count('<p class="govuk-body">') == len(published.sections()[0]["paragraphs"]) == 3


def test_the_public_header_link_uses_the_white_header_link_style(client, published):
    page = client.get(_public(published.pk)).content.decode()
    assert 'class="govuk-header__homepage-link"' in page  # white on the blue header (5.2:1)
    assert "govuk-header__link--homepage" not in page  # govuk-frontend 6 has no such class: default blue on blue


def test_the_public_page_shows_the_date_recorded_for_the_briefings_publication(client, published):
    from casereview.publishing.models import Briefing

    Briefing.objects.filter(pk=published.pk).update(published_at=published.published_at.replace(year=2025, month=3, day=4))
    assert "Published 4 March 2025." in client.get(_public(published.pk)).content.decode()
