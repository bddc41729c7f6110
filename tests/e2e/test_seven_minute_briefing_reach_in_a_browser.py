"""Done-when for 7-minute briefings: Rob drafts and publishes one for a signed-off review (Asha approves it),
Claire and Tom record their teams' use of it, and Margaret's assurance report shows reach by agency with
the silent agency named; the PDF and DOCX carry the same seven parts as the page."""

from __future__ import annotations

import io

import pypdfium2
from docx import Document

from casereview.publishing.models import SEVEN_MINUTE_SECTIONS
from casereview.reviews.models import ParticipatingAgency
from tests.e2e.test_publishing_briefing_in_a_browser import _second_person
from tests.publishing.conftest import review  # noqa: F401  (fixture)

PARTS = [f"{n}. {label}" for n, (_key, label) in enumerate(SEVEN_MINUTE_SECTIONS, start=1)]


def _record_use(page, team: str, practitioners: str, changes: str = "") -> None:
    page.get_by_role("link", name="Record how your team used this briefing").click()
    page.get_by_label("Team", exact=True).fill(team)
    page.get_by_label("Team meeting").check()
    page.get_by_label("Number of practitioners").fill(practitioners)
    if changes:
        page.get_by_label("Changes made to practice (optional)").fill(changes)
    page.get_by_role("button", name="Record use").click()
    assert page.get_by_text(f"Recorded: {team} used this briefing").is_visible()


def test_rob_publishes_a_7_minute_briefing_two_agencies_record_its_use_and_the_board_sees_the_silent_one(
    sign_in, browser, live_server, review, manager_rob, admin_asha, police_claire, health_tom,  # noqa: F811
    board_margaret, police, health_visiting, social_care,
):
    for agency in (police, health_visiting, social_care):
        ParticipatingAgency.objects.create(review=review, agency=agency)

    page = sign_in("rob")
    page.goto("/publishing/")
    page.get_by_role("button", name="Draft 7-minute briefing for LCSPR-2026-003").click()
    page.get_by_label("Why it matters").fill("Oliver died. Agreed actions were never followed through.")
    page.get_by_role("button", name="Save and check").click()
    page.get_by_role("button", name="Run the gate and record the result").click()
    assert page.get_by_text("The briefing passed the anonymisation gate").is_visible()
    briefing_url = page.url.replace("gate/", "")

    asha = _second_person(browser, live_server, "asha")
    asha.goto(briefing_url)
    asha.get_by_role("button", name="Approve this version for publication").click()
    assert asha.get_by_text("You approved this version for publication.").is_visible()
    asha.context.close()

    page.goto(briefing_url + "publish/")
    page.get_by_role("button", name="Publish briefing").click()
    assert page.get_by_text("Briefing published.").is_visible()
    headings = page.locator("h2.govuk-heading-l").all_inner_texts()
    assert [h for h in headings if h in PARTS] == PARTS

    pk = briefing_url.rstrip("/").rsplit("/", 1)[-1]
    pdf = pypdfium2.PdfDocument(page.request.get(f"/publishing/public/{pk}/briefing.pdf").body())
    pdf_lines = {" ".join(line.split()) for i in range(len(pdf)) for line in pdf[i].get_textpage().get_text_range().splitlines()}
    docx = Document(io.BytesIO(page.request.get(f"/publishing/public/{pk}/briefing.docx").body()))
    assert [p.text for p in docx.paragraphs if p.style.name == "Heading 1"] == PARTS
    assert [h for h in PARTS if h in pdf_lines] == PARTS and len(pdf) <= 2

    claire = _second_person(browser, live_server, "claire")
    claire.goto(briefing_url)
    _record_use(claire, "Child abuse investigation unit", "11", changes="Officers note dogs at every visit.")
    claire.context.close()
    tom = _second_person(browser, live_server, "tom")
    tom.goto(briefing_url)
    _record_use(tom, "North locality health visiting", "6")
    tom.context.close()

    margaret = _second_person(browser, live_server, "margaret")
    margaret.goto("/actions/report/")
    assert margaret.get_by_role("heading", name="Reach of the learning").is_visible()
    assert margaret.locator("#silent-agencies").inner_text() == "Northshire Children's Social Care"
    rows = {r.locator("th").inner_text().split("\n")[0].replace(" No record", ""): r.locator("td").all_inner_texts()
            for r in margaret.locator("#reach-by-agency tbody tr").all()}
    assert rows["Northshire Police"][:2] == ["1", "11"]
    assert rows["Northshire Community Health"][:2] == ["1", "6"]
    assert margaret.locator("#reach-by-agency").get_by_text("No record").is_visible()
