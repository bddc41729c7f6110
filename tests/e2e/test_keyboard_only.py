"""A review manager records a notification and a decision using only the keyboard.

Nothing is clicked or filled by the test: it presses Tab, Shift+Tab, arrow keys,
Space and Enter and types text, as someone who cannot use a mouse would. It reads
which element has focus only to decide the next key, and fails if a control cannot
be reached by Tab.
"""

from __future__ import annotations

import datetime as dt
import re

from casereview.reviews.models import Decision, Review
from tests.conftest import PASSWORD

MAX_TABS = 150

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el) return {};
  const label = el.labels && el.labels.length ? el.labels[0].innerText.trim() : "";
  const group = el.closest("fieldset");
  const legend = group && group.querySelector("legend") ? group.querySelector("legend").innerText.trim() : "";
  return {tag: el.tagName.toLowerCase(), name: el.name || "", label, legend,
          text: (el.innerText || el.value || "").trim(), checked: !!el.checked};
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page, backwards: bool = False, **want) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches every `want` (label, text, name, legend)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        now = focused(page)
        if all(now.get(key) == value for key, value in want.items()):
            return now
    raise AssertionError(f"could not reach {want} with the keyboard")


def type_into(page, text: str, **want) -> None:
    tab_to(page, **want)
    page.keyboard.type(text)


def type_date(page, legend: str, day: dt.date) -> None:
    for part, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        type_into(page, str(value), legend=legend, label=part)


def choose_radio(page, legend: str, label: str) -> None:
    tab_to(page, legend=legend)
    for _ in range(12):
        now = focused(page)
        if now["label"] == label:
            page.keyboard.press("Space")
            assert focused(page)["checked"], f"{label} was not chosen"
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {label!r} under {legend!r}")


def test_manager_rob_records_a_notification_and_a_decision_with_only_the_keyboard(page, manager_rob):
    today = dt.date.today()
    aware = today - dt.timedelta(days=10)

    page.goto("/accounts/login/")
    type_into(page, "rob", label="Username")
    type_into(page, PASSWORD, label="Password")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/")

    tab_to(page, text="Reviews")
    page.keyboard.press("Enter")
    page.wait_for_url("**/reviews/")
    tab_to(page, text="Record a new notification")
    page.keyboard.press("Enter")
    page.wait_for_url("**/reviews/new/")

    type_into(page, "Ivy, 3 months", label="Title")
    type_into(page, "Ivy", label="Pseudonym of the child")
    choose_radio(page, "Outcome for the child", "Seriously harmed")
    type_date(page, "Incident date", aware - dt.timedelta(days=1))
    type_date(page, "Date the local authority became aware", aware)
    # Back up one box with Shift+Tab and correct the year: the boxes work both ways.
    tab_to(page, legend="Date the national panel was notified", label="Day")
    tab_to(page, backwards=True, legend="Date the local authority became aware", label="Year")
    page.keyboard.press("Control+A")
    page.keyboard.type(str(aware.year))
    tab_to(page, text="Record notification")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/reviews/\d+/$"))

    review = Review.objects.get(pseudonym="Ivy")
    assert (review.incident_date, review.aware_date) == (aware - dt.timedelta(days=1), aware)

    tab_to(page, text="Decision")  # the review's sub-navigation
    page.keyboard.press("Enter")
    page.wait_for_url("**/decisions/")
    tab_to(page, text="Record a decision")
    page.keyboard.press("Enter")
    page.wait_for_url("**/decision/")
    for criterion in ("Abuse or neglect of the child is known or suspected", "The child has been seriously harmed",
                      "The case highlights improvements needed"):
        tab_to(page, label=criterion)
        page.keyboard.press("Space")
        assert focused(page)["checked"]
    choose_radio(page, "Decision", "Undertake a review")
    type_into(page, "Independent chair; head of service", label="Decision makers")
    type_date(page, "Decision date", today)
    type_into(page, "The case shows learning for the partnership", label="Rationale")
    tab_to(page, text="Record decision")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/reviews/{review.pk}/(decisions/)?(#.*)?$"))

    decision = Decision.objects.get(review=review)
    assert decision.decided_on == today and decision.rationale == "The case shows learning for the partnership"
    assert decision.abuse_or_neglect and decision.child_seriously_harmed
