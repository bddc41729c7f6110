"""Every user belongs to exactly one partnership: the service, the database and createsuperuser insist."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from casereview.accounts import services
from casereview.accounts.models import User
from casereview.core.refusals import Refused
from casereview.core.roles import Role


def test_creating_a_user_without_a_partnership_is_refused(db):
    with pytest.raises(Refused, match="partnership"):
        services.create_user(username="drifter", password=None, role=Role.BOARD_MEMBER, partnership=None)
    assert not User.objects.filter(username="drifter").exists()


def test_the_database_refuses_a_user_without_a_partnership(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="drifter", role=Role.BOARD_MEMBER)


def test_createsuperuser_asks_for_the_partnership_and_makes_an_admin_of_it(partnership, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-enough-password-2026")
    call_command("createsuperuser", interactive=False, username="root", email="root@example.org",
                 partnership=str(partnership.pk), stdout=open("/dev/null", "w"))  # noqa: SIM115
    root = User.objects.get(username="root")
    assert (root.partnership, root.role, root.is_superuser) == (partnership, Role.PARTNERSHIP_ADMIN, True)


def test_createsuperuser_without_a_partnership_says_it_is_needed(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-enough-password-2026")
    with pytest.raises(CommandError, match="partnership"):
        call_command("createsuperuser", interactive=False, username="root", email="root@example.org",
                     stdout=open("/dev/null", "w"))  # noqa: SIM115
