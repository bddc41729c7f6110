"""Done-when for the library: a person uploads a PDF in the browser and finds its learning points
by theme and by words."""

from __future__ import annotations

from tests.library.conftest import briefing, briefing_pdf

LEARNING = "Practitioners should assess the risk posed by dogs in the household when a baby is born."


def _pdf() -> bytes:
    return briefing_pdf(briefing(
        "Mia", partnership="Westshire Safeguarding Children Partnership", year=2023,
        learning=[LEARNING, "Information sharing between the health visitor and the housing officer was too slow."],
        recommendations=["The partnership should publish guidance on dogs and babies for every practitioner."],
    ))


def test_manager_rob_uploads_a_pdf_and_finds_its_learning_by_theme_and_by_words(sign_in, manager_rob, job_worker):
    page = sign_in("rob")
    page.get_by_role("link", name="Library").first.click()
    page.get_by_role("link", name="Upload briefings or reports").click()
    page.get_by_label("Briefings or reports").set_input_files(
        files=[{"name": "mia-briefing.pdf", "mimeType": "application/pdf", "buffer": _pdf()}])
    with job_worker():  # the upload is read by a background job; its page refreshes until it is done
        page.get_by_role("button", name="Upload and extract").click()
        page.get_by_role("heading", name="1 file processed").wait_for(timeout=60_000)
    row = page.get_by_role("row", name="mia-briefing.pdf")
    assert row.get_by_text("Added").is_visible()
    assert "(3 items)" in row.inner_text()

    # By theme: the facet on the library home page.
    page.goto("/library/")
    page.get_by_role("link", name="Dogs and animals").first.click()
    assert page.get_by_role("heading", name="about Dogs and animals").is_visible()
    assert page.get_by_text(LEARNING).is_visible()

    # By words: the search box, with the words highlighted in the snippet.
    page.goto("/library/")
    page.get_by_label("Search learning points and recommendations").fill("dogs household")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("heading", name="1 result for “dogs household”").is_visible()
    marks = page.locator(".cr-snippet mark").all_inner_texts()
    assert {"dogs", "household"} <= set(marks)

    # The result leads to the review with the learning point and its source file.
    page.get_by_role("link", name="Mia").first.click()
    assert page.get_by_text("mia-briefing.pdf").is_visible()
    assert page.get_by_text(LEARNING).is_visible()
