"""A review manager takes a briefing through the anonymisation gate to the public page, in a real browser."""

from __future__ import annotations

from casereview.publishing.services import edit_briefing
from tests.publishing.conftest import LEARNING_POINTS, briefing, review  # noqa: F401  (fixtures)


def test_manager_rob_fixes_a_gate_hit_publishes_and_the_public_reads_it(
    sign_in, manager_rob, briefing, browser, live_server, now,  # noqa: F811
):
    edit_briefing(briefing=briefing, by=manager_rob, now=now, background="Jayden Smith was 15 days old.")
    page = sign_in("rob")
    page.goto(f"/publishing/{briefing.pk}/gate/")
    assert page.get_by_role("heading", name="This briefing cannot be published yet").is_visible()
    assert page.locator("mark#hit-1").inner_text() == "Jayden Smith"

    page.get_by_role("link", name="Edit the briefing").click()
    page.get_by_label("Background").fill("Oliver was 15 days old.")
    page.get_by_role("button", name="Save and check").click()
    page.get_by_role("button", name="Run the gate and record the result").click()
    assert page.get_by_text("The briefing passed the anonymisation gate").is_visible()

    page.get_by_role("link", name="Publish").click()
    page.get_by_role("button", name="Publish briefing").click()
    assert page.get_by_text("Briefing published.").is_visible()

    public = browser.new_context(base_url=live_server.url).new_page()
    public.goto("/publishing/public/")
    public.get_by_role("link", name=briefing.title).click()
    assert public.get_by_text(LEARNING_POINTS[0]).is_visible()
    assert "Jayden" not in public.content()
    public.context.close()
