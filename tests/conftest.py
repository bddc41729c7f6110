"""Shared fixtures: one persona per role, in one demo-like partnership.

Personas are named people so tests read as sentences:
  admin_asha (partnership admin), manager_rob (review manager),
  reviewer_helen (independent reviewer), panel_dev (panel member),
  police_claire (agency contributor, police), health_tom (agency contributor, health visiting),
  board_margaret (board member), auditor_ian (auditor).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from casereview.core.roles import Role
from tests.s3 import s3_endpoint  # noqa: F401 - the S3 emulator, one per session for tests/storage and tests/operations

if TYPE_CHECKING:  # models are imported inside fixtures so Django-free tests run with -p no:django
    from casereview.accounts.models import Agency, Partnership, User

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Let the throwaway SQLite test database be emptied between transactional tests.

    The append-only trigger (audit migration 0002) refuses DELETE unless a purge
    permit row exists; real databases never have one.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO audit_purge_permit (reason) VALUES ('throwaway test database')")


@pytest.fixture(scope="session", autouse=True)
def stored_files_in_tmp(request, tmp_path_factory):
    """Stored files (uploads, briefing renderings, pending uploads) never land in the checkout's data folder.

    Tests that need their own folder still set MEDIA_ROOT themselves; tests/storage swaps in the S3 emulator.
    """
    if not request.config.pluginmanager.hasplugin("django"):
        yield
        return
    from django.test import override_settings

    root = tmp_path_factory.mktemp("stored-files")
    with override_settings(MEDIA_ROOT=root / "uploads", CASEREVIEW_PRIVATE_DIR=root / "private"):
        yield


@pytest.fixture
def partnership(db) -> Partnership:
    from casereview.accounts.models import Partnership

    return Partnership.objects.create(name="Eastmoor Safeguarding Children Partnership", short_name="ESCP")


@pytest.fixture
def police(partnership) -> Agency:
    from casereview.accounts.models import Agency, AgencyKind

    return Agency.objects.create(partnership=partnership, name="Northshire Police", short_name="Police", kind=AgencyKind.POLICE)


@pytest.fixture
def health_visiting(partnership) -> Agency:
    from casereview.accounts.models import Agency, AgencyKind

    return Agency.objects.create(
        partnership=partnership, name="Northshire Community Health", short_name="Health visiting",
        kind=AgencyKind.HEALTH_COMMUNITY,
    )


@pytest.fixture
def social_care(partnership) -> Agency:
    from casereview.accounts.models import Agency, AgencyKind

    return Agency.objects.create(
        partnership=partnership, name="Northshire Children's Social Care", short_name="CSC",
        kind=AgencyKind.CHILDRENS_SOCIAL_CARE,
    )


def _make(username: str, role: Role, partnership: Partnership, agency: Agency | None = None, **extra) -> User:
    from casereview.accounts.models import User

    first, _, last = extra.pop("name", username.title()).partition(" ")
    user = User(username=username, role=role, partnership=partnership, agency=agency, first_name=first,
                last_name=last, email=f"{username}@example.org", is_staff=role == Role.PARTNERSHIP_ADMIN)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def admin_asha(partnership) -> User:
    return _make("asha", Role.PARTNERSHIP_ADMIN, partnership, name="Asha Patel")


@pytest.fixture
def manager_rob(partnership) -> User:
    return _make("rob", Role.REVIEW_MANAGER, partnership, name="Rob Hughes")


@pytest.fixture
def reviewer_helen(partnership) -> User:
    return _make("helen", Role.INDEPENDENT_REVIEWER, partnership, name="Helen Marsh")


@pytest.fixture
def panel_dev(partnership) -> User:
    return _make("dev", Role.PANEL_MEMBER, partnership, name="Dev Sharma")


@pytest.fixture
def police_claire(partnership, police) -> User:
    return _make("claire", Role.AGENCY_CONTRIBUTOR, partnership, police, name="Claire Dunn")


@pytest.fixture
def health_tom(partnership, health_visiting) -> User:
    return _make("tom", Role.AGENCY_CONTRIBUTOR, partnership, health_visiting, name="Tom Reid")


@pytest.fixture
def board_margaret(partnership) -> User:
    return _make("margaret", Role.BOARD_MEMBER, partnership, name="Margaret Okafor")


@pytest.fixture
def auditor_ian(partnership) -> User:
    return _make("ian", Role.AUDITOR, partnership, name="Ian Fox")


PERSONA_FIXTURES = {
    Role.PARTNERSHIP_ADMIN: "admin_asha",
    Role.REVIEW_MANAGER: "manager_rob",
    Role.INDEPENDENT_REVIEWER: "reviewer_helen",
    Role.PANEL_MEMBER: "panel_dev",
    Role.AGENCY_CONTRIBUTOR: "police_claire",
    Role.BOARD_MEMBER: "board_margaret",
    Role.AUDITOR: "auditor_ian",
}


@pytest.fixture
def personas(request) -> dict[Role, User]:
    """Every role's persona, keyed by role."""
    return {role: request.getfixturevalue(name) for role, name in PERSONA_FIXTURES.items()}


@pytest.fixture
def client_for(client):
    """`client_for(user)` gives a test client signed in as that user."""

    def sign_in(user: User):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def now() -> dt.datetime:
    """A fixed 'now' for domain code (DESIGN: pass now/today in)."""
    return dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def run_cli(tmp_path):
    """Run the real `casereview` console script in a subprocess (exit codes, stdout, stderr)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).with_name("casereview")

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None):
        full_env = {**os.environ, "CASEREVIEW_DATA_DIR": str(tmp_path / "data"), **(env or {})}
        full_env.pop("DJANGO_SETTINGS_MODULE", None)
        # The browser tests set this for Playwright's event loop; a real command never has it
        # (and Django's deployment check would warn about it).
        full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        return subprocess.run([str(exe), *args], capture_output=True, text=True, env=full_env, input=input, timeout=120)

    return run


def pytest_collection_modifyitems(items):
    """Transactional tests (browser tests with live_server among them) empty the database
    when they finish, which would also remove rows that data migrations created (review
    types, ...). Serialized rollback restores them, so test order does not matter."""
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is None or "django_db_serialized_rollback" in names:
            continue
        if "transactional_db" in names or "live_server" in names:
            names.append("django_db_serialized_rollback")
