"""Safe defaults: no debug pages unless development is asked for, GOV.UK error pages, owner-only uploads."""

from __future__ import annotations

import secrets

import pytest

SECRETS = {"CASEREVIEW_SECRET_KEY": secrets.token_urlsafe(60), "CASEREVIEW_ALLOWED_HOSTS": "reviews.example.org"}
# What a server started with no CASEREVIEW_ENV sees (pytest marks its subprocesses with PYTEST_VERSION).
UNSET = {"CASEREVIEW_ENV": "", "PYTEST_VERSION": ""}
SHOW = "from django.conf import settings; print(settings.ENV, settings.DEBUG)"


def test_with_no_environment_set_the_service_runs_as_production_without_debug(run_cli):
    result = run_cli("shell", "-v0", "-c", SHOW, env={**UNSET, **SECRETS})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["production", "False"]


def test_with_no_environment_set_the_service_refuses_to_start_without_a_secret_key(run_cli):
    result = run_cli("check", env={**UNSET, "CASEREVIEW_SECRET_KEY": ""})
    assert result.returncode == 2 and "CASEREVIEW_SECRET_KEY must be set" in result.stderr


def test_debug_is_on_only_when_development_is_set_explicitly(run_cli):
    result = run_cli("shell", "-v0", "-c", SHOW, env={**UNSET, "CASEREVIEW_ENV": "development"})
    assert result.stdout.split() == ["development", "True"], result.stderr


def test_production_refuses_to_start_with_debug_on(run_cli):
    result = run_cli("check", env={**UNSET, **SECRETS, "CASEREVIEW_ENV": "production", "CASEREVIEW_DEBUG": "1"})
    assert result.returncode == 2
    assert "CASEREVIEW_DEBUG must be off when CASEREVIEW_ENV=production" in result.stderr


def test_an_unknown_url_shows_the_govuk_page_not_found_never_the_url_list(client, db, settings):
    settings.DEBUG = False  # what every environment but development now has
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-xl">Page not found</h1>' in html and "URL patterns" not in html


@pytest.mark.urls("tests.core.error_urls")
def test_a_crash_shows_the_govuk_problem_page_without_the_error(client, db):
    client.raise_request_exception = False
    response = client.get("/test-boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html and "govuk-template" in html
    assert "RuntimeError" not in html and "a bug" not in html and "Traceback" not in html


@pytest.mark.urls("tests.core.error_urls")
def test_something_removed_on_purpose_shows_the_govuk_gone_page(client, db):
    response = client.get("/test-gone/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "This page is no longer available" in html and "withdrawn by the partnership" in html


def test_a_form_with_an_expired_security_token_gets_a_govuk_page(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "The form had expired" in html and "govuk-template" in html and "CSRF verification failed" not in html


def test_uploads_inside_the_static_files_folder_are_refused_at_start(run_cli, tmp_path):
    result = run_cli("check", env={"CASEREVIEW_DATA_DIR": str(tmp_path / "site"),
                                   "CASEREVIEW_STATIC_ROOT": str(tmp_path / "site")})
    assert result.returncode == 2 and "must not be inside the static files folders" in result.stderr
