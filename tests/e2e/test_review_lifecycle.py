"""A review manager takes a new notification through to "published" in a real browser.

Each step first tries bad input and checks the message says what to fix. The
publishing gate is replaced by a fake (the live server runs in this process),
first refusing, then passing.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casereview.audit.models import AuditEvent
from casereview.reviews.models import Review
from tests.reviews.conftest import PDF, publication_check


@pytest.fixture
def fake_gate():
    problems = ["Background: 'Zelphine' matches restricted identifier (name)"]
    with publication_check(lambda review: list(problems)):
        yield problems


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


def test_manager_rob_takes_a_notification_through_to_published(sign_in, manager_rob, reviewer_helen, police, fake_gate,
                                                                media, tmp_path):
    page = sign_in("rob")
    today = dt.date.today()
    aware = today - dt.timedelta(days=10)

    page.goto("/reviews/new/")
    page.get_by_label("Title").fill("Ivy, 3 months")
    page.get_by_role("button", name="Record notification").click()
    _error(page, "Enter the pseudonym of the child.")
    page.get_by_label("Pseudonym of the child").fill("Ivy")
    page.get_by_label("Seriously harmed").check()
    page.get_by_label("Incident date").fill((aware - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Date the local authority became aware").fill(aware.isoformat())
    page.get_by_role("button", name="Record notification").click()
    page.wait_for_url(re.compile(r"/reviews/\d+/$"))
    review = Review.objects.get(pseudonym="Ivy")
    url = f"/reviews/{review.pk}/"

    # The rapid review cannot start before the national panel is notified.
    _move(page, url, "Rapid review")
    _error(page, "Record the date the national panel was notified")
    page.goto(url + "edit/")
    page.get_by_label("Date the national panel was notified").fill((aware + dt.timedelta(days=2)).isoformat())
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
    page.get_by_label("Decision date").fill(today.isoformat())
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
    page.get_by_label("Start of the period under review").fill("2025-01-01")
    page.get_by_label("End of the period under review").fill(aware.isoformat())
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
    page.get_by_label("Due date").fill((today - dt.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Request").click()
    _error(page, "The due date must be today or in the future.")
    page.get_by_label("Due date").fill((today + dt.timedelta(days=14)).isoformat())
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

    # The publishing gate refuses, then passes once the briefing is clean.
    _move(page, url, "Published")
    _error(page, "Zelphine")
    fake_gate.clear()
    page.get_by_role("button", name="Move review").click()
    page.wait_for_url(f"**{url}")
    assert page.locator("#stage-tag").inner_text() == "Published"

    review.refresh_from_db()
    assert review.stage == "published" and review.published_date == today
    moves = list(AuditEvent.objects.filter(action="reviews.change_stage", object_id=str(review.pk))
                 .order_by("pk").values_list("changes", flat=True))
    assert [m["stage"][1] for m in moves] == ["rapid_review", "decided", "terms_of_reference", "information_gathering",
                                              "analysis", "draft_report", "signed_off", "published"]
    assert AuditEvent.objects.filter(actor=manager_rob, action="reviews.upload_document").exists()
