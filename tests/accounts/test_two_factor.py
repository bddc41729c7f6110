"""Two-factor sign-in (TOTP) for the roles in CASEREVIEW_OTP_REQUIRED_ROLES."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from casereview.audit.models import AuditEvent
from tests.conftest import PASSWORD

DASHBOARD = "/dashboard/"


def code_for(device, steps_ahead=0) -> str:
    # t0 shifted back by whole steps gives the code of a later step (the device accepts one step of drift).
    return f"{totp(device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step, digits=device.digits):06d}"


@pytest.fixture
def required(settings):
    settings.CASEREVIEW_OTP_REQUIRED_ROLES = ["partnership_admin", "review_manager"]


def _sign_in(client, username):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


def _set_up(client, user):
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    return device, client.post(reverse("accounts:two_factor_setup"), {"token": code_for(device)})


def test_manager_rob_is_sent_to_set_up_two_factor_before_anything_else(client, manager_rob, required):
    _sign_in(client, "rob")
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    assert client.get("/admin/").status_code == 302
    assert client.get(reverse("reviews:deadlines")).status_code == 302


def test_the_set_up_page_shows_the_key_and_the_otpauth_address(client, manager_rob, required):
    _sign_in(client, "rob")
    html = client.get(reverse("accounts:two_factor_setup")).content.decode()
    device = TOTPDevice.objects.get(user=manager_rob, confirmed=False)
    assert "Set up two-factor sign-in" in html and "govuk-footer" in html
    assert re.search(r"otpauth://totp/[^\"<]*secret=", html)
    from base64 import b32encode
    assert b32encode(device.bin_key).decode()[:4] in html


def test_a_right_code_confirms_the_app_and_opens_the_service(client, manager_rob, required):
    _sign_in(client, "rob")
    device, response = _set_up(client, manager_rob)
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("dashboard:dashboard")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.two_factor_set_up", actor=manager_rob).exists()


def test_a_wrong_code_is_refused_and_the_app_stays_unconfirmed(client, manager_rob, required):
    _sign_in(client, "rob")
    client.get(reverse("accounts:two_factor_setup"))
    response = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert response.status_code == 400 and "The code is not right" in response.content.decode()
    assert not TOTPDevice.objects.get(user=manager_rob).confirmed
    assert client.get(reverse("dashboard:dashboard")).status_code == 302


def test_next_time_rob_must_enter_a_code_from_his_app(client, manager_rob, required):
    _sign_in(client, "rob")
    device, _ = _set_up(client, manager_rob)
    client.post(reverse("accounts:logout"))
    _sign_in(client, "rob")
    response = client.get(reverse("dashboard:dashboard"))
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    wrong = client.post(reverse("accounts:two_factor_verify"), {"token": "123456"})
    assert wrong.status_code == 400
    assert AuditEvent.objects.filter(action="auth.two_factor_failed", actor=manager_rob).count() == 1
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None  # skip django-otp's back-off delay
    device.save()
    right = client.post(reverse("accounts:two_factor_verify"), {"token": code_for(device, steps_ahead=1),
                                                                "next": "/reviews/deadlines/"})
    assert right.status_code == 302 and right["Location"] == "/reviews/deadlines/"
    assert client.get(reverse("dashboard:dashboard")).status_code == 200


def test_someone_with_only_the_password_cannot_add_a_second_app(client, manager_rob, required):
    _sign_in(client, "rob")
    _set_up(client, manager_rob)
    client.post(reverse("accounts:logout"))
    _sign_in(client, "rob")
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:two_factor_verify")
    assert TOTPDevice.objects.filter(user=manager_rob).count() == 1


def test_the_code_page_does_not_send_rob_to_another_site(client, manager_rob, required):
    _sign_in(client, "rob")
    device, _ = _set_up(client, manager_rob)
    client.post(reverse("accounts:logout"))
    _sign_in(client, "rob")
    response = client.post(reverse("accounts:two_factor_verify"),
                           {"token": code_for(device, steps_ahead=1), "next": "https://evil.example/"})
    assert response["Location"] == reverse("dashboard:dashboard")


def test_roles_not_listed_are_not_asked_for_a_code(client, police_claire, required):
    _sign_in(client, "claire")
    assert client.get(reverse("dashboard:dashboard")).status_code == 200


def test_no_role_is_asked_for_a_code_when_none_is_configured(client, manager_rob, settings):
    settings.CASEREVIEW_OTP_REQUIRED_ROLES = []
    _sign_in(client, "rob")
    assert client.get(reverse("dashboard:dashboard")).status_code == 200


def test_production_requires_two_factor_for_admins_and_review_managers(run_cli):
    from tests.core.test_settings_and_health import PRODUCTION_ENV

    code = "from django.conf import settings; print(','.join(settings.CASEREVIEW_OTP_REQUIRED_ROLES))"
    assert run_cli("shell", "-v", "0", "-c", code, env=PRODUCTION_ENV).stdout.strip() == "partnership_admin,review_manager"
    bad = run_cli("shell", "-v", "0", "-c", code, env={**PRODUCTION_ENV, "CASEREVIEW_OTP_REQUIRED_ROLES": "reviewr"})
    assert bad.returncode == 2 and "CASEREVIEW_OTP_REQUIRED_ROLES" in bad.stderr
