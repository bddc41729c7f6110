"""A review manager takes a new notification through to "published" in a real browser.

Each step first tries bad input and checks the message says what to fix. Publishing
goes through the real anonymisation gate: the briefing first names the child by a
first name alone, a possessive and a date of birth written another way; the gate
blocks each, the manager rewrites them, reruns the gate, a second person (the
partnership admin) approves, the manager publishes and the review moves to published.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casereview.audit.models import AuditEvent
from casereview.reviews.models import Review
from tests.conftest import PASSWORD
from tests.e2e.conftest import fill_date
from tests.reviews.conftest import PDF


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def _error(page, text):
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible(), f"expected an error summary containing {text!r}"
    assert text in summary.inner_text(), summary.inner_text()


def _move(page, review_url, stage_label, reason="Agreed at the panel meeting"):
    # The overview offers a move only once nothing blocks it: ask for it directly to see the refusal.
    page.goto(review_url + "stage/")
    page.get_by_label("Move to").select_option(label=stage_label)
    page.get_by_label("Reason").fill(reason)
    page.get_by_role("button", name="Move review").click()


def _second_person(browser, live_server, username):
    """Another person's browser session (their own cookies)."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")
    return page


def test_manager_rob_takes_a_notification_through_to_published(sign_in, manager_rob, admin_asha, reviewer_helen, police,
                                                                media, tmp_path, browser, live_server):
    page = sign_in("rob")
    today = dt.date.today()
    aware = today - dt.timedelta(days=10)

    page.goto("/reviews/new/")
    page.get_by_label("Title").fill("Ivy, 3 months")
    page.get_by_role("button", name="Record notification").click()
    _error(page, "Enter the pseudonym of the child.")
    page.get_by_label("Pseudonym of the child").fill("Ivy")
    page.get_by_label("Seriously harmed").check()
    fill_date(page, "Incident date", aware - dt.timedelta(days=1))
    fill_date(page, "Date the local authority became aware", aware)
    page.get_by_role("button", name="Record notification").click()
    page.wait_for_url(re.compile(r"/reviews/\d+/$"))
    review = Review.objects.get(pseudonym="Ivy")
    url = f"/reviews/{review.pk}/"

    # The rapid review cannot start before the national panel is notified.
    _move(page, url, "Rapid review")
    _error(page, "Record the date the national panel was notified")
    page.goto(url + "edit/")
    fill_date(page, "Date the national panel was notified", aware + dt.timedelta(days=2))
    page.get_by_role("button", name="Save").click()
    _move(page, url, "Rapid review", reason="")
    _error(page, "Enter the reason.")
    page.get_by_label("Reason").fill("Rapid review meeting convened")
    page.get_by_role("button", name="Move review").click()
    assert page.locator("#stage-tag").inner_text() == "Rapid review"

    # A decision to review that meets no criterion is refused.
    page.get_by_role("link", name="Record the decision against the statutory criteria").click()
    page.get_by_label("Undertake a review").check()
    page.get_by_label("Decision makers").fill("Independent chair")
    fill_date(page, "Decision date", today)
    page.get_by_label("Rationale").fill("The case shows learning for the partnership")
    page.get_by_role("button", name="Record decision").click()
    _error(page, "cannot be recorded as meeting them")
    page.get_by_label("Abuse or neglect of the child is known or suspected").check()
    page.get_by_label("The child has been seriously harmed").check()
    page.get_by_label("The case highlights improvements needed").check()
    page.get_by_role("button", name="Record decision").click()
    _move(page, url, "Decided")
    _move(page, url, "Terms of reference")

    # Information gathering needs terms of reference and an agency.
    _move(page, url, "Information gathering")
    _error(page, "Record the terms of reference")
    page.goto(url + "terms-of-reference/")
    fill_date(page, "Start of the period under review", dt.date(2025, 1, 1))
    fill_date(page, "End of the period under review", aware)
    page.get_by_label("Key lines of enquiry").fill("How risk was assessed\nHow fathers were seen")
    page.get_by_role("button", name="Save").click()
    page.goto(url + "agencies/")
    page.get_by_role("link", name="Add a participating agency").click()
    page.get_by_label("Agency", exact=True).select_option(label="Northshire Police")
    page.get_by_role("button", name="Add agency").click()
    _move(page, url, "Information gathering")

    page.goto(url + "agencies/")
    page.get_by_role("link", name="Request an item from Northshire Police").click()
    page.get_by_label("Item requested").select_option(label="Agency report (IMR)")
    fill_date(page, "Due date", today - dt.timedelta(days=3))
    page.get_by_role("button", name="Request").click()
    _error(page, "The due date must be today or in the future.")
    fill_date(page, "Due date", today + dt.timedelta(days=14))
    page.get_by_role("button", name="Request").click()

    # Analysis waits for the report; a fake PDF is refused, a real one accepted.
    _move(page, url, "Analysis")
    _error(page, "Still outstanding: Agency report (IMR) from Northshire Police")
    fake = tmp_path / "report.pdf"
    fake.write_bytes(b"MZ this is not a PDF")
    real = tmp_path / "police-imr.pdf"
    real.write_bytes(PDF)
    page.goto(url + "agencies/")
    page.get_by_role("link", name="Upload Agency report (IMR)").click()
    page.get_by_label("Report file").set_input_files(str(fake))
    page.get_by_role("button", name="Upload").click()
    _error(page, "is not a real PDF")
    page.get_by_label("Report file").set_input_files(str(real))
    page.get_by_role("button", name="Upload").click()
    assert page.get_by_role("link", name="Version 1").is_visible()
    _move(page, url, "Analysis")
    _move(page, url, "Draft report")

    # Sign-off needs findings.
    _move(page, url, "Signed off")
    _error(page, "Record at least one learning point.")
    page.goto(url + "learning-points/add/")
    page.get_by_label("Learning point", exact=True).fill("Risk factors should be fully explored and tested.")
    page.get_by_label("Risk assessment").check()
    page.get_by_role("button", name="Add learning point").click()
    page.goto(url + "recommendations/add/")
    page.get_by_label("Recommendation", exact=True).fill("The partnership should seek assurance on risk assessment training.")
    page.get_by_label("1. Risk factors should be fully explored").check()
    page.get_by_role("button", name="Add recommendation").click()
    _move(page, url, "Signed off")

    # The child's real name and date of birth are restricted identifiers: they feed the anonymisation gate.
    for kind, value in (("Name", "Jaxon Trelawney-Budd"), ("Date of birth", "30 December 2018")):
        page.goto(url)
        page.get_by_role("link", name="Add a restricted identifier").click()
        page.get_by_label("Kind").select_option(label=kind)
        page.get_by_label("Whose or what").fill("Child")
        page.get_by_label("Identifier", exact=True).fill(value)
        page.get_by_role("button", name="Save").click()
        assert page.get_by_text("Restricted identifier added.").is_visible()

    # No briefing has passed the gate, so the review cannot be published.
    _move(page, url, "Published")
    _error(page, "no practitioner briefing yet")

    # Rob drafts the briefing and names the child three ways the gate must see through.
    page.goto("/publishing/")
    page.get_by_role("button", name=f"Draft briefing for {review.reference}").click()
    page.get_by_label("Background").fill(
        "Jaxon lived with his mother and two dogs. Jaxon's cot was in the lounge. He was born on 30/12/2018.")
    page.get_by_role("button", name="Save and check").click()
    page.wait_for_url("**/gate/")
    gate_url = page.url
    assert page.get_by_role("heading", name="This briefing cannot be published yet").is_visible()
    assert page.locator("mark").all_inner_texts() == ["Jaxon", "Jaxon's", "30/12/2018"]
    summary = page.locator(".govuk-error-summary").inner_text()
    for problem in ("'Jaxon' matches restricted identifier (name)", "'Jaxon's' matches restricted identifier (name)",
                    "'30/12/2018' matches restricted identifier (date of birth)"):
        assert problem in summary, summary
    assert page.get_by_role("button", name=re.compile("as a false positive")).count() == 0
    _move(page, url, "Published")
    _error(page, "'Jaxon's' matches restricted identifier (name)")

    # Rob rewrites the background with the pseudonym and runs the gate again: it passes.
    page.goto(gate_url)
    page.get_by_role("link", name="Edit the briefing").click()
    page.get_by_label("Background").fill("Ivy lived with her mother and two dogs. Her cot was in the lounge.")
    page.get_by_role("button", name="Save and check").click()
    page.get_by_role("button", name="Run the gate and record the result").click()
    assert page.get_by_text("The briefing passed the anonymisation gate").is_visible()
    briefing_url = gate_url.removesuffix("gate/")

    # Rob ran the gate, so a second person approves: Asha, the partnership admin.
    asha = _second_person(browser, live_server, "asha")
    asha.goto(briefing_url)
    asha.get_by_role("button", name="Approve this version for publication").click()
    assert asha.get_by_text("You approved this version for publication.").is_visible()
    asha.context.close()

    page.goto(briefing_url + "publish/")
    assert page.get_by_text("approved by Asha Patel").is_visible()
    page.get_by_role("button", name="Publish briefing").click()
    assert page.get_by_text("Briefing published.").is_visible()

    _move(page, url, "Published")
    page.wait_for_url(f"**{url}")
    assert page.locator("#stage-tag").inner_text() == "Published"

    review.refresh_from_db()
    assert review.stage == "published" and review.published_date == today
    moves = list(AuditEvent.objects.filter(action="reviews.change_stage", object_id=str(review.pk))
                 .order_by("pk").values_list("changes", flat=True))
    assert [m["stage"][1] for m in moves] == ["rapid_review", "decided", "terms_of_reference", "information_gathering",
                                              "analysis", "draft_report", "signed_off", "published"]
    assert AuditEvent.objects.filter(actor=manager_rob, action="reviews.upload_document").exists()
