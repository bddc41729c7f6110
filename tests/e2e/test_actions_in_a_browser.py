"""Action plans in a real browser: an agency contributor closes an action with evidence; the board reads the report."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from casereview.actions.models import Action
from tests.actions.conftest import make_action, recommendation, review  # noqa: F401 (fixtures)


@pytest.fixture
def police_action(make_action, police_claire):  # noqa: F811
    return make_action(owner=police_claire, due_date=dt.date.today() + dt.timedelta(days=60))


def test_police_claire_cannot_complete_without_evidence_then_completes_with_a_link(sign_in, police_action, settings,
                                                                                  tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    page = sign_in("claire")
    page.goto(f"/actions/{police_action.pk}/")
    page.get_by_label("Completion note").fill("Audit done: 94% of meetings recorded actions")
    page.get_by_role("button", name="Mark completed").click()
    expect(page.get_by_text("Add at least one evidence item before marking the action completed.").first).to_be_visible()

    page.goto(f"/actions/{police_action.pk}/")
    page.get_by_label("What the evidence shows").fill("Audit report on the intranet")
    page.get_by_label("Or a link").fill("https://intranet.example.org/audit")
    page.get_by_role("button", name="Add evidence").click()
    page.get_by_label("Completion note").fill("Audit done: 94% of meetings recorded actions")
    page.get_by_role("button", name="Mark completed").click()
    expect(page.get_by_text("Action marked completed. A review manager will verify it.")).to_be_visible()
    assert Action.objects.get(pk=police_action.pk).status == "completed"


def test_board_margaret_reads_the_board_report_with_its_chart(sign_in, board_margaret, make_action):  # noqa: F811
    make_action(due_date=dt.date.today() - dt.timedelta(days=3))
    page = sign_in("margaret")
    page.get_by_role("link", name="Assurance").click()
    expect(page.get_by_role("heading", name="Action plans: board assurance report")).to_be_visible()
    expect(page.get_by_role("heading", name="Overdue actions (1)")).to_be_visible()
    expect(page.locator("svg.cr-chart")).to_be_visible()
