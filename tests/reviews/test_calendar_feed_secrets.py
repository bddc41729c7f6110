"""Calendar feed tokens: stored hashed, shown once, removable, and dead after a password change."""

from __future__ import annotations

import hashlib

from django.urls import reverse

from casereview.audit.models import AuditEvent
from casereview.reviews.models import CalendarFeed
from tests.conftest import PASSWORD
from tests.reviews.feeds import issue_feed


def test_only_a_digest_of_the_token_is_stored(review, client_for, reviewer_helen):
    token = issue_feed(client_for(reviewer_helen))
    feed = CalendarFeed.objects.get(user=reviewer_helen)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = " ".join(str(getattr(feed, f.attname)) for f in CalendarFeed._meta.concrete_fields)
    assert token not in stored


def test_the_address_is_shown_once_and_not_on_the_next_visit(review, client_for, reviewer_helen):
    client = client_for(reviewer_helen)
    token = issue_feed(client)
    page = client.get(reverse("reviews:deadlines")).content.decode()
    assert token not in page
    assert "You have a calendar address" in page and "Remove my calendar address" in page


def test_reviewer_helen_removes_her_address_and_it_stops_working(review, client_for, reviewer_helen, client):
    token = issue_feed(client_for(reviewer_helen))
    response = client.post(reverse("reviews:calendar_revoke"), follow=True)
    assert "Your calendar address has been removed" in response.content.decode()
    assert not CalendarFeed.objects.filter(user=reviewer_helen).exists()
    assert AuditEvent.objects.filter(action="reviews.revoke_calendar_feed", actor=reviewer_helen).exists()
    client.logout()
    assert client.get(f"/reviews/calendar/{token}.ics").status_code == 404


def test_changing_the_password_stops_the_address_working(review, client_for, reviewer_helen, client):
    token = issue_feed(client_for(reviewer_helen))
    new = "a-much-longer-passphrase-2026"
    client.post(reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    page = client.get(reverse("reviews:deadlines")).content.decode()
    assert "Create my calendar address" in page
    client.logout()
    assert client.get(f"/reviews/calendar/{token}.ics").status_code == 404


def test_a_password_set_by_an_administrator_also_stops_it(review, client_for, reviewer_helen, client):
    token = issue_feed(client_for(reviewer_helen))
    client.logout()
    reviewer_helen.set_password("reset-by-the-business-unit-2026")
    reviewer_helen.save()
    assert client.get(f"/reviews/calendar/{token}.ics").status_code == 404


def test_a_new_address_after_the_password_change_works(review, client_for, reviewer_helen, client):
    issue_feed(client_for(reviewer_helen))
    reviewer_helen.set_password("reset-by-the-business-unit-2026")
    reviewer_helen.save()
    token = issue_feed(client_for(reviewer_helen))
    client.logout()
    assert client.get(f"/reviews/calendar/{token}.ics").status_code == 200


def test_the_migration_hashes_existing_tokens_so_subscribed_calendars_keep_working(transactional_db, partnership):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("reviews", "0002_review_types")], [("reviews", "0003_calendar_feed_token_hash")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    user = old_apps.get_model("accounts", "User").objects.create(username="legacy", password="md5$x$y",
                                                                  role="review_manager", partnership_id=partnership.pk)
    token = "legacy-token-" + "x" * 40
    old_apps.get_model("reviews", "CalendarFeed").objects.create(user_id=user.pk, token=token,
                                                                created_at="2026-01-01T00:00:00Z")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from casereview.reviews.access import access_calendar_feed

    assert access_calendar_feed(token).user.username == "legacy"
