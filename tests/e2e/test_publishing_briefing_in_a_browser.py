"""A review manager takes a briefing through the anonymisation gate, a second person approves it,
the manager publishes it and the public reads it, in a real browser; once withdrawn its address answers 410."""

from __future__ import annotations

from casereview.publishing.services import edit_briefing
from tests.conftest import PASSWORD
from tests.publishing.conftest import LEARNING_POINTS, briefing, review  # noqa: F401  (fixtures)


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""
    def luminance(css: str) -> float:
        channels = [int(v) / 255 for v in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
        r, g, bl = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl

    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


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


def test_rob_gates_asha_approves_rob_publishes_and_the_public_reads_it(
    sign_in, manager_rob, admin_asha, briefing, browser, live_server, now,  # noqa: F811
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

    # Rob ran the gate: he cannot approve it himself, and publishing says why.
    page.get_by_role("link", name="Approval and publication").click()
    assert page.get_by_role("button", name="Approve this version for publication").count() == 0
    page.get_by_role("link", name="Publish", exact=True).click()
    assert page.get_by_text("A second person with publishing rights").first.is_visible()

    asha = _second_person(browser, live_server, "asha")
    asha.goto(f"/publishing/{briefing.pk}/")
    asha.get_by_role("button", name="Approve this version for publication").click()
    assert asha.get_by_text("You approved this version for publication.").is_visible()
    asha.context.close()

    page.goto(f"/publishing/{briefing.pk}/publish/")
    assert page.get_by_text("approved by Asha Patel").is_visible()
    page.get_by_role("button", name="Publish briefing").click()
    assert page.get_by_text("Briefing published.").is_visible()
    assert page.locator("#approval").inner_text().startswith("Approved by Asha Patel")

    public = browser.new_context(base_url=live_server.url).new_page()
    public.goto("/publishing/public/")
    public.get_by_role("link", name=briefing.title).click()
    assert public.get_by_text(LEARNING_POINTS[0]).is_visible()
    assert "Jayden" not in public.content()
    public_url = public.url

    # On a 390 px phone the long further-information addresses wrap, and the header link stays readable (WCAG AA).
    public.set_viewport_size({"width": 390, "height": 844})
    assert public.evaluate("document.documentElement.scrollWidth") <= 390
    link, header = public.evaluate("""() => [getComputedStyle(document.querySelector('.govuk-header a')).color,
                                             getComputedStyle(document.querySelector('.govuk-header')).backgroundColor]""")
    assert _contrast(link, header) >= 4.5, (link, header)

    # Asha (a partnership admin) withdraws it within its first year: the address then answers 410.
    asha = _second_person(browser, live_server, "asha")
    asha.goto(f"/publishing/{briefing.pk}/withdraw/")
    asha.get_by_label("Why is the briefing being withdrawn?").fill("Court order")
    asha.get_by_role("button", name="Withdraw briefing").click()
    assert asha.get_by_text("Briefing withdrawn from the public pages.").is_visible()
    asha.context.close()
    response = public.goto(public_url)
    assert response.status == 410
    assert public.get_by_role("heading", name="This page is no longer available").is_visible()
    assert public.get_by_text("This briefing has been withdrawn").is_visible()
    public.context.close()
