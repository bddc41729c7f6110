"""No main page's number of database queries grows with the rows it lists.

The whole demo (and a little more) is loaded once for this module; each page is fetched as the persona who
uses it and its queries counted; then `grow_demo` adds many more reviews, chronology
entries, actions with progress updates and evidence, library documents (and so audit
events), a few more updates and evidence go on the action whose page is measured, and
every page is counted again. A page that looks something up once per row (an N+1) makes
more queries the second time and fails here, naming the page and the queries it added.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

# (page, persona's demo username, how to build the address from the demo's objects)
PAGES = {
    "review manager's dashboard": ("manager", lambda o: "/dashboard/"),
    "police contributor's dashboard": ("police", lambda o: "/dashboard/"),
    "board member's dashboard": ("board", lambda o: "/dashboard/"),
    "review list": ("manager", lambda o: "/reviews/"),
    "review page": ("manager", lambda o: f"/reviews/{o['review']}/"),
    "review's agencies section": ("manager", lambda o: f"/reviews/{o['review']}/agencies/"),
    "review's actions section": ("manager", lambda o: f"/reviews/{o['review']}/actions/"),
    "integrated chronology": ("reviewer", lambda o: f"/chronology/{o['review']}/"),
    "action plans index": ("manager", lambda o: "/actions/"),
    "action plan": ("manager", lambda o: f"/actions/reviews/{o['review']}/"),
    "action plan as the health contributor": ("health", lambda o: f"/actions/reviews/{o['review']}/"),
    "action page": ("health", lambda o: f"/actions/{o['action']}/"),
    "board assurance report": ("board", lambda o: "/actions/report/"),
    "board assurance report as CSV": ("board", lambda o: "/actions/report/csv/"),
    "board assurance report as XLSX": ("board", lambda o: "/actions/report/xlsx/"),
    "agency action report": ("police", lambda o: "/actions/agency/"),
    "drift list": ("manager", lambda o: "/actions/drift/"),
    "library search with facets": ("panel", lambda o: "/library/?q=dogs&theme=dogs"),
    "library home": ("panel", lambda o: "/library/"),
    "library item": ("panel", lambda o: f"/library/entries/{o['entry']}/"),
    "deadlines": ("manager", lambda o: "/reviews/deadlines/"),
    "chase list": ("manager", lambda o: "/reviews/chase-list/"),
    "audit log": ("auditor", lambda o: "/audit/"),
}


def _count(url: str, user) -> tuple[int, list[str]]:
    client = Client()
    client.force_login(user)
    client.get(url)  # the first visit may set session state; count the second
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries), [q["sql"] for q in queries.captured_queries]


def _shape(sql: str) -> str:
    """A query without its literal values, so the same lookup made for different rows counts together."""
    import re

    return re.sub(r"\b\d+\b|'[^']*'|%s", "?", sql)[:160]


def _count_pages(objects):
    from casereview.accounts.models import User

    users = {u.username: u for u in User.objects.filter(username__in={p[0] for p in PAGES.values()})}
    return {page: _count(build(objects), users[who]) for page, (who, build) in PAGES.items()}


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker, tmp_path_factory):
    """(before, after, what grow_demo added): query counts of every page on the demo and on the grown demo."""
    from django.core.management import call_command

    from casereview.accounts.models import User
    from casereview.actions import services as actions
    from casereview.actions.models import Action
    from casereview.dashboard.growth import grow_demo
    from casereview.library.models import LibraryEntry
    from casereview.reviews.models import Review

    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        review = Review.objects.get(reference="SCR-2019-001")
        action = Action.objects.filter(review=review, owner__username="health").exclude(status="no_longer_required") \
            .order_by("pk").first()
        entry = LibraryEntry.objects.filter(items__text__icontains="dog").order_by("pk").first()
        objects = {"review": review.pk, "action": action.pk, "entry": entry.pk}
        # A little growth first, so every list has rows of every kind (Django skips a query for `pk__in=[]`,
        # which would otherwise count as growth when a page's first similar item or evidence appears).
        grow_demo(scale=2)
        before = _count_pages(objects)
        added = grow_demo(scale=12)
        health = User.objects.get(username="health")
        today = timezone.localdate()
        for n in range(6):
            at = timezone.make_aware(dt.datetime.combine(today, dt.time(9 + n)))
            actions.add_progress_update(action=action, by=health, on=today, note=f"Audit sample {n} done.", now=at)
            actions.add_evidence(action=action, by=health, description=f"Sample {n}", now=at,
                                 upload=ContentFile(b"audit,ok\n", name=f"sample-{n}.csv"))
        after = _count_pages(objects)
        transaction.set_rollback(True)
    return before, after, added


def test_the_demo_grows_by_many_rows_of_every_kind_the_pages_list(counts):
    _, _, added = counts
    assert added["reviews"] >= 12 and added["actions"] >= 12 and added["library documents"] >= 12
    assert added["chronology entries"] >= 400


@pytest.mark.parametrize("page", list(PAGES))
def test_no_main_page_makes_more_queries_when_it_lists_more_rows(counts, page):
    before, after, _ = counts
    (n_before, sql_before), (n_after, sql_after) = before[page], after[page]
    extra = Counter(map(_shape, sql_after)) - Counter(map(_shape, sql_before))
    assert n_after <= n_before, (
        f"the {page} made {n_before} queries on the demo and {n_after} with more rows; repeated: "
        + "; ".join(f"{n}x {sql}" for sql, n in extra.most_common(5)))
