"""Restricted identifiers never reach a role that may not see them: a crawl of the demo.

Loads the full demo (every app's data, Oliver's review among it), then, as each
role that must never see restricted identifiers, follows every link reachable
from the dashboard (GET only, same site) and reads every page and download. No
response may contain any review's restricted identifier (names, dates of birth,
addresses, schools, record numbers).
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from casereview.accounts.models import User
from casereview.reviews.models import RestrictedIdentifier
from tests.safety.crawling import crawl


@pytest.fixture
def demo(db):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    values = [v for v in RestrictedIdentifier.objects.values_list("value", flat=True) if len(v.strip()) >= 4]
    assert values, "the demo should hold restricted identifiers for this test to mean anything"
    return values


@pytest.mark.parametrize("username", ["board", "police", "health"])
def test_no_page_or_download_shows_a_restricted_identifier_to_a_role_outside_the_review_team(username, demo, client):
    client.force_login(User.objects.get(username=username))
    bodies = crawl(client)
    assert len(bodies) > 10, f"the crawl as {username} reached only {sorted(bodies)}"
    leaks = [(url, value) for url, body in bodies.items() for value in demo if value.lower() in body.lower()]
    assert leaks == []


def test_the_crawl_would_catch_a_leak_the_review_team_sees_identifiers(demo, client):
    client.force_login(User.objects.get(username="manager"))
    bodies = crawl(client)
    assert any(value in body for body in bodies.values() for value in demo)


def test_every_link_a_role_is_offered_opens(demo, client):
    broken = {}
    for username in ("admin", "manager", "reviewer", "panel", "police", "health", "board", "auditor"):
        client.force_login(User.objects.get(username=username))
        found: list = []
        crawl(client, broken=found)
        if found:
            broken[username] = found
        client.logout()
    assert broken == {}
