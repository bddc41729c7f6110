"""A review manager takes a new notification to terms of reference by following only the overview's
"what happens next" links (and filling in the forms they lead to): the task list is the way through."""

from __future__ import annotations

import datetime as dt
import re

from casereview.reviews.models import Review, ReviewConversion
from tests.e2e.conftest import fill_date


def _next_steps(page, url):
    page.goto(url)
    return page.locator("#what-happens-next")


def _task_status(page, label):
    item = page.locator(".govuk-task-list__item", has_text=label)
    return item.locator(".govuk-task-list__status").inner_text().strip()


def test_manager_rob_reaches_terms_of_reference_through_what_happens_next(sign_in, manager_rob):
    page = sign_in("rob")
    today = dt.date.today()
    aware = today - dt.timedelta(days=6)

    page.goto("/reviews/new/")  # a new notification: a rapid review, national panel not yet notified
    page.get_by_label("Title").fill("Ivy, 3 months")
    page.get_by_label("Pseudonym of the child").fill("Ivy")
    page.get_by_label("Seriously harmed").check()
    fill_date(page, "Incident date", aware - dt.timedelta(days=1))
    fill_date(page, "Date the local authority became aware", aware)
    with page.expect_navigation(timeout=30_000):
        page.get_by_role("button", name="Record notification").click()
    assert re.search(r"/reviews/\d+/$", page.url), page.inner_text("main")
    url = page.url

    # Notified -> rapid review: the task names the national panel date and leads to where it is entered.
    steps = _next_steps(page, url)
    assert "To move to Rapid review" in steps.inner_text()
    assert _task_status(page, "Record the date the national panel was notified") == "To do"
    assert steps.get_by_role("link", name="Move to Rapid review").count() == 0  # blocked: no move offered
    steps.get_by_role("link", name="Record the date the national panel was notified").click()
    fill_date(page, "Date the national panel was notified", aware + dt.timedelta(days=2))
    page.get_by_role("button", name="Save").click()

    steps = _next_steps(page, url)
    assert _task_status(page, "Record the date the national panel was notified") == "Completed"
    steps.get_by_role("link", name="Move to Rapid review").click()
    page.get_by_label("Reason").fill("Rapid review meeting convened")
    page.get_by_role("button", name="Move review").click()
    page.wait_for_url(url)
    assert page.locator("#stage-tag").inner_text() == "Rapid review"

    # Rapid review -> decided, in one step from the decision form; the decision converts the review.
    steps = _next_steps(page, url)
    steps.get_by_role("link", name="Record the decision against the statutory criteria").click()
    assert "turns this rapid review into a local child safeguarding practice review" in page.inner_text("main")
    page.get_by_label("Abuse or neglect of the child is known or suspected").check()
    page.get_by_label("The child has been seriously harmed").check()
    page.get_by_label("The case highlights improvements needed").check()
    page.get_by_label("Undertake a review").check()
    page.get_by_label("Decision makers").fill("Independent chair")
    fill_date(page, "Decision date", today)
    page.get_by_label("Rationale").fill("Serious harm; the case shows learning for the partnership")
    page.get_by_label("Move the review to Decided now").check()
    page.get_by_role("button", name="Record decision").click()
    assert "The review is now a local child safeguarding practice review" in page.inner_text("main")

    steps = _next_steps(page, url)
    assert page.locator("#stage-tag").inner_text() == "Decided"
    conversion = page.locator("#conversion").inner_text()
    assert conversion.startswith(f"Converted from rapid review to local child safeguarding practice review on "
                                 f"{today.day} {today:%B %Y}:")
    assert _task_status(page, "Record a decision to undertake a review") == "Completed"
    steps.get_by_role("link", name="Move to Terms of reference").click()
    page.get_by_label("Reason").fill("LCSPR commissioned")
    page.get_by_role("button", name="Move review").click()
    page.wait_for_url(url)
    assert page.locator("#stage-tag").inner_text() == "Terms of reference"

    # What is next is now the terms of reference and an agency, each a link to where it is done.
    steps = _next_steps(page, url)
    assert _task_status(page, "Record the terms of reference") == "To do"
    assert steps.get_by_role("link", name="Add a participating agency").is_visible()
    review = Review.objects.get(pseudonym="Ivy")
    assert review.stage == "terms_of_reference" and review.review_type.slug == "local-child-safeguarding-practice-review"
    assert ReviewConversion.objects.get(review=review).from_type.slug == "rapid-review"
    assert [c.to_stage for c in review.stage_changes.all()] == ["rapid_review", "decided", "terms_of_reference"]
