"""The seed acceptance (issue 5, point 5): every rendering of the Oliver briefing gives the same result."""

from __future__ import annotations

import pytest

from casereview.text.extract import Extracted, extract_bytes, extract_path
from casereview.text.normalise import normalise_for_comparison

from .conftest import OCR_SEED, WEB_SEED

RENDERINGS = [OCR_SEED.name, WEB_SEED.name, "oliver.pdf", "oliver.docx", "oliver.html"]

FIRST_LEARNING_POINT = (
    "Where risk factors are identified it is important that they are fully explored, using all available "
    "information to challenge and test hypotheses and mitigate the risk."
)
LAST_RECOMMENDATION = (
    "The Cambridgeshire and Peterborough Safeguarding Partnership Board should ensure that agencies are focused "
    "on the potential risk presented by dogs, in particular to young children and babies, by reviewing the "
    "current policy and linking in with other resources to build on the message 'never leave a baby or young "
    "child unsupervised with a dog, even for a moment, no matter how well you know that dog'."
)


@pytest.fixture(scope="module")
def extracted(seed_renderings: dict[str, bytes]) -> dict[str, Extracted]:
    return {name: extract_bytes(data, name) for name, data in seed_renderings.items()}


def comparable(result: Extracted) -> dict:
    """The CLI object without the parts that legitimately differ per file (source, title)."""
    data = result.as_json()
    del data["source"], data["title"]
    for key in ("learning_points", "recommendations"):
        data[key] = [{**item, "text": normalise_for_comparison(item["text"])} for item in data[key]]
    return data


@pytest.mark.parametrize("name", RENDERINGS)
def test_seed_rendering_gives_ten_learning_points_and_seven_recommendations(extracted, name):
    result = extracted[name]
    assert len(result.learning_points) == 10
    assert len(result.recommendations) == 7
    assert normalise_for_comparison(result.learning_points[0].text) == FIRST_LEARNING_POINT
    assert normalise_for_comparison(result.recommendations[-1].text) == LAST_RECOMMENDATION


@pytest.mark.parametrize("name", RENDERINGS)
def test_seed_rendering_gives_the_child_the_review_type_and_the_partnership(extracted, name):
    result = extracted[name]
    assert result.as_json()["child"] == {"pseudonym": "Oliver", "age": "15 days", "outcome": "died"}
    assert result.review_type == "serious-case-review"
    assert result.partnership == "Cambridgeshire and Peterborough Safeguarding Partnership Board"


@pytest.mark.parametrize("name", RENDERINGS[1:])
def test_every_rendering_gives_the_same_result_as_the_ocr_text(extracted, name):
    assert comparable(extracted[name]) == comparable(extracted[OCR_SEED.name])


@pytest.mark.parametrize("name", RENDERINGS[1:])
def test_every_rendering_has_the_same_identity_key(extracted, name):
    assert extracted[name].identity_key() == extracted[OCR_SEED.name].identity_key()


def test_a_different_review_has_a_different_identity_key(extracted):
    other = OCR_SEED.read_text(encoding="utf-8").replace("Oliver", "Harry").replace("15 days", "9 weeks")
    result = extract_bytes(other.encode("utf-8"), "harry.txt")
    assert result.pseudonym == "Harry"
    assert result.identity_key() != extracted[OCR_SEED.name].identity_key()


def test_seed_file_on_disk_reads_the_same_as_its_bytes(extracted):
    assert comparable(extract_path(OCR_SEED)) == comparable(extracted[OCR_SEED.name])


def test_recommendations_without_their_heading_are_classified_by_form(extracted):
    web = extracted[WEB_SEED.name]
    assert all(item.text.startswith("The Cambridgeshire") for item in web.recommendations)
    assert not any("Board should" in item.text for item in web.learning_points)


def test_seed_items_keep_evidence_spans_for_their_themes(extracted):
    for item in extracted[OCR_SEED.name].learning_points + extracted[OCR_SEED.name].recommendations:
        for tag in item.themes:
            assert item.text[tag.start : tag.end] == tag.evidence


def test_seed_links_split_across_lines_are_rejoined(extracted):
    links = extracted[OCR_SEED.name].links
    assert (
        "https://www.safequardingcambspeterborough.org.uk/wp-content/uploads/2020/08/Dangerous-Dogs-Pack-2020.pdf"
        in links
    )
    assert "https://www.safequardingcambspeterborough.org.uk/children-board/professionals/procedures/pre-birth_assessment/" in links


def test_site_chrome_is_not_in_the_html_text(extracted):
    text = extracted["oliver.html"].text
    for chrome in ("skip to Main Content", "Back To Top", "Translate", "cookies", "All rights reserved", "Privacy"):
        assert chrome not in text


def test_running_header_and_page_numbers_are_not_in_the_pdf_text(extracted):
    text = extracted["oliver.pdf"].text
    assert "Page 1 of" not in text
    assert "Partnership Board - Briefing" not in text
