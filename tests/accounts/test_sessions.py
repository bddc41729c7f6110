"""Sessions end after inactivity (sliding expiry, renewed at most once a minute) and when the password changes."""

import datetime as dt
import time

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casereview.accounts.middleware import RENEWED_KEY
from tests.conftest import PASSWORD


def _expiry(client) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _renewed_minutes_ago(client, minutes: int) -> None:
    session = client.session
    session[RENEWED_KEY] = int(time.time()) - 60 * minutes
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=1))


def test_a_request_pushes_the_idle_timeout_forward_when_the_last_renewal_is_over_a_minute_old(
        client_for, manager_rob, settings):
    client = client_for(manager_rob)
    _renewed_minutes_ago(client, 2)
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 200
    remaining = _expiry(client) - timezone.now()
    assert remaining > dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE  # the browser's cookie too


def test_clicks_within_a_minute_of_the_last_renewal_do_not_write_the_session_again(client_for, manager_rob):
    client = client_for(manager_rob)
    _renewed_minutes_ago(client, 0)
    for _ in range(3):
        response = client.get(reverse("dashboard:dashboard"))
        assert response.status_code == 200 and "sessionid" not in response.cookies
    assert _expiry(client) - timezone.now() < dt.timedelta(minutes=2)


def test_a_signed_out_visitor_gets_no_session_from_the_renewal(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200 and "sessionid" not in response.cookies
    assert not Session.objects.exists()


def test_a_stale_or_made_up_session_cookie_creates_no_session(client_for, manager_rob):
    """Neither an expired session's cookie nor an invented one may make the server write a session row."""
    stale = client_for(manager_rob)
    Session.objects.filter(session_key=stale.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1))
    invented = Client()
    invented.cookies["sessionid"] = "x" * 32
    for client in (stale, invented):
        rows = Session.objects.count()
        for address in ("/healthz", reverse("accounts:login"), reverse("dashboard:dashboard")):
            client.get(address)  # /healthz reads no session of its own: the renewal must not either
        assert Session.objects.count() == rows


def test_a_renewal_interval_longer_than_half_the_idle_timeout_stops_start_up(run_cli):
    from tests.core.test_settings_and_health import PRODUCTION_ENV

    result = run_cli("check", env={**PRODUCTION_ENV, "CASEREVIEW_SESSION_REFRESH_SECONDS": "1000"})
    assert result.returncode != 0 and "CASEREVIEW_SESSION_REFRESH_SECONDS=1000 must be at most half" in result.stderr


def test_a_session_left_idle_past_the_timeout_is_signed_out(client_for, manager_rob):
    client = client_for(manager_rob)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_production_times_out_after_30_idle_minutes_unless_configured(run_cli):
    from tests.core.test_settings_and_health import PRODUCTION_ENV

    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE, settings.SESSION_SAVE_EVERY_REQUEST)"
    default = run_cli("shell", "-v", "0", "-c", code, env=PRODUCTION_ENV)
    assert default.stdout.split() == ["1800", "False"], default.stderr
    longer = run_cli("shell", "-v", "0", "-c", code, env={**PRODUCTION_ENV, "CASEREVIEW_SESSION_IDLE_MINUTES": "45"})
    assert longer.stdout.split() == ["2700", "False"], longer.stderr


def test_changing_the_password_signs_out_every_other_session(client_for, police_claire):
    laptop = client_for(police_claire)
    phone = Client()
    phone.force_login(police_claire)
    assert phone.get(reverse("dashboard:dashboard")).status_code == 200
    new = "a-much-longer-passphrase-2026"
    laptop.post(reverse("accounts:password_change"),
                {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert laptop.get(reverse("dashboard:dashboard")).status_code == 200
    response = phone.get(reverse("dashboard:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
