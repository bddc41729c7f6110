"""Accessibility in a real browser: axe-core finds no serious or critical WCAG 2.2 AA problem.

Every main page is opened as every demo role that may open it, in Debian's chromium, and
checked with axe-core (shipped inside the axe-playwright-python package, nothing
downloaded). Only "serious" and "critical" violations fail the test; each is reported
with the page, the role, the rule and the first offending element.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from casereview.accounts.demo import DEMO_PASSWORD

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ROLES = ["admin", "manager", "reviewer", "panel", "police", "health", "board", "auditor"]


def _main_pages() -> list[str]:
    from casereview.library.models import LibraryEntry
    from casereview.publishing.models import Briefing, BriefingStatus
    from casereview.reviews.models import Review

    oliver = Review.objects.get(reference="SCR-2019-001")
    entry = LibraryEntry.objects.order_by("pk").first()
    public = Briefing.objects.filter(status=BriefingStatus.PUBLISHED).order_by("pk").first()
    pages = [
        "/dashboard/", "/reviews/", f"/reviews/{oliver.pk}/", "/reviews/deadlines/", "/reviews/figures/",
        f"/chronology/{oliver.pk}/", f"/chronology/{oliver.pk}/timeline/", "/actions/", f"/actions/reviews/{oliver.pk}/",
        "/actions/report/", "/actions/drift/", "/library/", "/library/themes/", "/publishing/", "/audit/",
        "/calendar/", "/accounts/agencies/",
    ]
    # The review's sections: Oliver's (published) and Leo's (open: the task list, changeable draft findings).
    leo = Review.objects.get(pseudonym="Leo")
    pages += [f"/reviews/{oliver.pk}/{section}/" for section in ("decisions", "agencies", "findings", "history")]
    pages += [f"/reviews/{leo.pk}/", f"/reviews/{leo.pk}/findings/"]
    if entry is not None:
        pages.append(f"/library/entries/{entry.pk}/")
    if public is not None:
        pages += [f"/publishing/{public.pk}/", f"/publishing/public/{public.pk}/"]
    return pages


@pytest.fixture
def demo(transactional_db):
    from casereview.reviews.review_types import ensure_review_types

    ensure_review_types()  # a transactional test before this one may have flushed the migration's rows
    call_command("demo", stdout=io.StringIO())


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in ("serious", "critical"):
            target = violation["nodes"][0]["target"] if violation["nodes"] else "?"
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {target}")
    return found


def test_no_main_page_has_a_serious_or_critical_accessibility_problem_for_any_role(demo, page):
    problems = []
    pages = _main_pages()
    # Signed out: the sign-in page and the public briefings.
    for url in ["/accounts/login/", "/publishing/public/"] + [u for u in pages if u.startswith("/publishing/public/")]:
        page.goto(url)
        problems += [f"anonymous {url}: {p}" for p in _serious(page)]
    for username in ROLES:
        page.context.clear_cookies()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/dashboard/")
        for url in pages:
            response = page.goto(url)
            if response is None or response.status != 200:
                continue  # a page this role may not open is not one of its main pages
            problems += [f"{username} {url}: {p}" for p in _serious(page)]
    assert not problems, "\n".join(problems)


def test_the_check_would_catch_a_serious_problem(page, live_server):
    """Control: a page with an unlabelled button and an image without alternative text fails."""
    page.goto("/accounts/login/")
    page.set_content('<html lang="en"><body><main><img src="/static/x.png"><button></button></main></body></html>')
    found = _serious(page)
    assert any(p.startswith("button-name") for p in found) and any(p.startswith("image-alt") for p in found), found
