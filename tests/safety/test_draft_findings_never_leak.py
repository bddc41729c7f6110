"""Draft findings never reach a board member or an agency contributor: a crawl of the demo.

Before sign-off a review's learning points, recommendations and single-agency
recommendations are a draft for its team and auditors (reviews.access.findings_visible_to).
The demo holds such drafts (Leo's review, with actions on them, and Northshire's Saffron).
As the board member and each agency contributor, follow every link from the dashboard,
plus each review's known export URLs (JSON, CSV, board report in every format), and
look for any draft finding's text in any page or download.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from casereview.accounts.models import User
from casereview.reviews.access import FINDINGS_VISIBLE_TO_ALL_FROM
from casereview.reviews.models import LearningPoint, Recommendation, Review, SingleAgencyRecommendation
from tests.safety.crawling import crawl, found


def _draft_texts() -> list[str]:
    draft = {"review__stage__in": FINDINGS_VISIBLE_TO_ALL_FROM}
    texts = [*LearningPoint.objects.exclude(**draft).values_list("text", flat=True),
             *Recommendation.objects.exclude(**draft).values_list("text", flat=True),
             *SingleAgencyRecommendation.objects.exclude(**draft).values_list("text", flat=True)]
    # The first words are enough to recognise a finding, and survive truncation in reports.
    return [" ".join(t.split()[:7]) for t in texts]


def _export_urls() -> list[str]:
    urls = ["/reviews/export.csv", "/actions/report/csv/", "/actions/report/xlsx/", "/actions/report/pdf/",
            "/actions/drift/"]
    for pk in Review.objects.values_list("pk", flat=True):
        urls += [f"/reviews/{pk}/", f"/reviews/{pk}/export.json", f"/actions/reviews/{pk}/",
                 f"/actions/reviews/{pk}/report/", f"/actions/reviews/{pk}/report/csv/"]
    return urls


@pytest.fixture
def drafts(db):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    texts = _draft_texts()
    assert len(texts) >= 5, "the demo should hold draft findings for this test to mean anything"
    return texts


@pytest.mark.parametrize("username", ["board", "police", "health"])
def test_no_page_or_download_shows_a_draft_finding_to_a_board_member_or_contributor(username, drafts, client):
    client.force_login(User.objects.get(username=username))
    bodies = crawl(client, extra=_export_urls())
    assert len(bodies) > 10, f"the crawl as {username} reached only {sorted(bodies)}"
    assert found(bodies, drafts) == []


def test_the_crawl_would_catch_a_draft_the_review_team_reads_it(drafts, client):
    client.force_login(User.objects.get(username="manager"))
    bodies = crawl(client, extra=_export_urls())
    assert {needle for _, needle in found(bodies, drafts)} >= {t for t in drafts if "Leo" in t or "officers" in t}
