"""Nothing of one partnership reaches another's users: a crawl of the demo as each Northshire user.

The demo holds two partnerships. As every user of the second (Northshire), follow every
link from the dashboard plus the known export URLs of the first partnership's reviews,
and look in every page and download for the first partnership's review references,
pseudonyms, agency names, people, restricted identifiers and findings.

The library is the exception by design: it is shared learning across partnerships
(published briefings and ingested public documents), so Northshire users may read the
first partnership's *published* learning there. Strings that appear in the library's
public text (entry titles, partnerships, pseudonyms, the reference of a review published
in CaseReview, and items) are therefore not
forbidden; everything else of the first partnership is.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from casereview.accounts.demo import DEMO_PARTNERSHIP, SECOND_USERS
from casereview.accounts.models import Agency, Partnership, User
from casereview.library.models import LibraryEntry, LibraryItem
from casereview.reviews.models import (
    LearningPoint,
    Recommendation,
    RestrictedIdentifier,
    Review,
    SingleAgencyRecommendation,
)
from tests.safety.crawling import crawl, found


def _library_text() -> str:
    # An entry published in CaseReview also names its review's reference ("Published in CaseReview (SCR-...)").
    parts = [f"{e.title} {e.partnership} {e.pseudonym} {e.review.reference if e.review else ''}"
             for e in LibraryEntry.objects.select_related("review")]
    parts += LibraryItem.objects.values_list("text", flat=True)
    return "\n".join(parts)


def _first_partnership_strings() -> tuple[list[str], dict[str, list[str]]]:
    first = Partnership.objects.get(name=DEMO_PARTNERSHIP)
    reviews = Review.objects.filter(partnership=first)
    kinds = {
        "references": list(reviews.values_list("reference", flat=True)),
        "pseudonyms": list(reviews.values_list("pseudonym", flat=True)),
        "agencies": list(Agency.objects.filter(partnership=first).values_list("name", flat=True)),
        "people": [u.get_full_name() for u in User.objects.filter(partnership=first)],
        "identifiers": [v for v in RestrictedIdentifier.objects.filter(review__partnership=first)
                        .values_list("value", flat=True) if len(v) >= 4],
        "findings": [" ".join(t.split()[:7]) for model in (LearningPoint, Recommendation, SingleAgencyRecommendation)
                     for t in model.objects.filter(review__partnership=first).values_list("text", flat=True)],
    }
    library = _library_text()
    forbidden = {kind: [s for s in values if s and s not in library] for kind, values in kinds.items()}
    return [s for values in forbidden.values() for s in values], forbidden


def _first_partnership_urls() -> list[str]:
    urls = []
    for pk in Review.objects.filter(partnership__name=DEMO_PARTNERSHIP).values_list("pk", flat=True):
        urls += [f"/reviews/{pk}/", f"/reviews/{pk}/export.json", f"/actions/reviews/{pk}/",
                 f"/actions/reviews/{pk}/report/csv/", f"/chronology/reviews/{pk}/"]
    return urls


@pytest.fixture
def forbidden(db):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    strings, by_kind = _first_partnership_strings()
    for kind in ("references", "pseudonyms", "agencies", "identifiers", "findings", "people"):
        assert by_kind[kind], f"the first partnership should have {kind} outside the library for this test to mean anything"
    return strings


@pytest.mark.parametrize("username", [u[0] for u in SECOND_USERS])
def test_no_page_or_download_shows_another_partnerships_records(username, forbidden, client):
    client.force_login(User.objects.get(username=username))
    bodies = crawl(client, extra=["/audit/", "/reviews/export.csv", "/actions/report/csv/", *_first_partnership_urls()])
    assert len(bodies) > 8, f"the crawl as {username} reached only {sorted(bodies)}"
    assert found(bodies, forbidden) == []


def test_the_crawl_reaches_the_second_partnerships_own_reviews(forbidden, client):
    client.force_login(User.objects.get(username="ns-manager"))
    bodies = crawl(client)
    own = list(Review.objects.exclude(partnership__name=DEMO_PARTNERSHIP).values_list("reference", flat=True))
    assert own and {needle for _, needle in found(bodies, own)} == set(own)


def test_the_crawl_would_catch_a_leak_the_first_partnership_sees_its_own(forbidden, client):
    client.force_login(User.objects.get(username="manager"))
    assert found(crawl(client), forbidden)
