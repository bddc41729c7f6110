import secrets

import pytest
from django.urls import reverse

from casereview.env import ConfigError, env_bool, env_int

PRODUCTION_ENV = {
    "CASEREVIEW_ENV": "production",
    "CASEREVIEW_SECRET_KEY": secrets.token_urlsafe(60),
    "CASEREVIEW_ALLOWED_HOSTS": "reviews.example.org",
}


def test_production_refuses_to_start_without_a_secret_key(run_cli):
    result = run_cli("check", env={**PRODUCTION_ENV, "CASEREVIEW_SECRET_KEY": ""})
    assert result.returncode == 2
    assert "CASEREVIEW_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(run_cli):
    result = run_cli("check", env={**PRODUCTION_ENV, "CASEREVIEW_ALLOWED_HOSTS": ""})
    assert result.returncode == 2
    assert "CASEREVIEW_ALLOWED_HOSTS must be set" in result.stderr


def test_production_passes_djangos_deployment_checks_with_no_warnings(run_cli):
    result = run_cli("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_a_malformed_number_names_the_variable():
    with pytest.raises(ConfigError, match="CASEREVIEW_EMAIL_PORT='twenty-five' is not a whole number"):
        env_int("CASEREVIEW_EMAIL_PORT", 25, environ={"CASEREVIEW_EMAIL_PORT": "twenty-five"})


def test_a_malformed_boolean_names_the_variable():
    with pytest.raises(ConfigError, match="CASEREVIEW_DEBUG"):
        env_bool("CASEREVIEW_DEBUG", environ={"CASEREVIEW_DEBUG": "perhaps"})


def test_healthz_reports_the_database_without_signing_in(client, db):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"]["status"] == "ok"
    assert body["database"]["vendor"] in {"sqlite", "postgresql"}


def test_the_cli_runs_any_django_management_command(run_cli):
    result = run_cli("help")
    assert result.returncode == 0
    for command in ("migrate", "check", "deadlines", "demo"):
        assert command in result.stdout


def test_the_demo_command_is_idempotent_and_prints_the_password(db, capsys):
    from django.core.management import call_command

    from casereview.accounts.models import Agency, User

    call_command("demo")
    first = capsys.readouterr().out
    counts = (User.objects.count(), Agency.objects.count())
    call_command("demo")
    assert (User.objects.count(), Agency.objects.count()) == counts
    assert "demo-casereview-2026" in first and "auditor" in first


def test_a_new_data_folder_is_created_when_the_database_is_first_opened(run_cli, tmp_path):
    data = tmp_path / "new" / "data"
    result = run_cli("migrate", "-v0", env={"CASEREVIEW_DATA_DIR": str(data), "DATABASE_URL": ""})
    assert result.returncode == 0, result.stderr
    assert (data / "casereview.sqlite3").exists()
