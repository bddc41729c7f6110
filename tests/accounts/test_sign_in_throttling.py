"""Repeated failed sign-ins lock the username and the address (django-axes), and every failure is audited."""

import pytest
from django.urls import reverse

from casereview.audit.models import AuditEvent
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def _fail(client, username, address="192.0.2.10", password="not-the-password"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 5


def test_a_username_is_locked_after_five_failures_even_with_the_right_password(client, manager_rob):
    for _ in range(5):
        _fail(client, "rob")
    response = client.post(LOGIN, {"username": "rob", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10")
    html = response.content.decode()
    assert response.status_code == 429
    assert "You cannot sign in at the moment" in html and "govuk-footer" in html
    assert "_auth_user_id" not in client.session


def test_the_lock_follows_the_username_to_another_address(client, manager_rob):
    for _ in range(5):
        _fail(client, "rob", address="192.0.2.10")
    response = client.post(LOGIN, {"username": "rob", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429


def test_one_address_trying_many_usernames_is_locked_out_too(client, manager_rob):
    for name in ("alice", "bob", "carol", "dave", "erin"):
        _fail(client, name, address="203.0.113.5")
    response = client.post(LOGIN, {"username": "rob", "password": PASSWORD}, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429


def test_others_still_sign_in_while_one_username_and_address_are_locked(client, manager_rob, police_claire):
    for _ in range(5):
        _fail(client, "rob", address="192.0.2.10")
    response = client.post(LOGIN, {"username": "claire", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302


def test_four_failures_then_the_right_password_signs_in_and_clears_the_count(client, manager_rob):
    for _ in range(4):
        _fail(client, "rob")
    assert client.post(LOGIN, {"username": "rob", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10").status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        _fail(client, "rob")
    assert client.post(LOGIN, {"username": "rob", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10").status_code == 302


def test_a_failed_sign_in_is_audited_with_the_username_typed_and_never_the_password(client, manager_rob):
    _fail(client, "Rob.Hughes@example.org", password="Hunter2-secret-guess")
    event = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert event.changes["username"] == "Rob.Hughes@example.org" and event.changes["address"] == "192.0.2.10"
    assert "Rob.Hughes@example.org" in event.summary and event.actor is None
    stored = event.summary + str(event.changes)
    assert "Hunter2-secret-guess" not in stored


def test_attempts_while_locked_out_are_audited_as_well(client, manager_rob):
    for _ in range(6):
        _fail(client, "rob")
    assert AuditEvent.objects.filter(action="auth.sign_in_failed").count() == 6


def test_a_forwarded_address_is_ignored_unless_a_proxy_is_trusted(rf, settings):
    from casereview.accounts.signin import client_address

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.44")
    settings.CASEREVIEW_TRUSTED_PROXIES = 0
    assert client_address(request) == "10.0.0.2"
    settings.CASEREVIEW_TRUSTED_PROXIES = 1
    assert client_address(request) == "192.0.2.44"
