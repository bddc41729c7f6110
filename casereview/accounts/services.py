"""Writes for partnerships, agencies and users; each audited in its transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from casereview.accounts.models import Agency, Partnership, User
from casereview.audit.services import record_event
from casereview.core.refusals import Refused, refusing_invalid
from casereview.core.roles import Role


def create_partnership(*, name: str, short_name: str = "", calendar: str = "england-and-wales", by=None,
                       now: dt.datetime | None = None) -> Partnership:
    """Create a partnership (the tenant every user, agency and review belongs to)."""
    with transaction.atomic():
        partnership = Partnership(name=name, short_name=short_name, calendar=calendar)
        with refusing_invalid():
            partnership.full_clean()
        partnership.save()
        record_event(actor=by, action="partnership.create", target=partnership, summary=f"Created partnership {name}", now=now)
    return partnership


def create_agency(*, partnership: Partnership, name: str, kind: str, short_name: str = "", by=None,
                  now: dt.datetime | None = None) -> Agency:
    """Add an agency to a partnership; its name is unique within the partnership."""
    with transaction.atomic():
        agency = Agency(partnership=partnership, name=name, kind=kind, short_name=short_name)
        with refusing_invalid():
            agency.full_clean()
        agency.save()
        record_event(actor=by, action="agency.create", target=agency, summary=f"Added agency {name}", now=now)
    return agency


def create_user(
    *,
    username: str,
    password: str | None,
    role: str,
    partnership: Partnership | None,
    agency: Agency | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    job_title: str = "",
    by=None,
    now: dt.datetime | None = None,
) -> User:
    """Create a user with a role.

    Preconditions: an agency contributor names one agency; the agency belongs to
    the user's partnership. Only partnership admins get Django admin access.
    """
    role = Role(role)
    if agency is not None and partnership is not None and agency.partnership_id != partnership.pk:
        raise Refused("The agency belongs to a different partnership.", "agency")
    with transaction.atomic():
        user = User(
            username=username, role=role, partnership=partnership, agency=agency, first_name=first_name,
            last_name=last_name, email=email, job_title=job_title, is_staff=role == Role.PARTNERSHIP_ADMIN,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        with refusing_invalid():
            user.full_clean(exclude=["password"])
        user.save()
        record_event(actor=by, action="user.create", target=user, summary=f"Created user {username} as {role.label}",
                     changes={"role": role.value, "agency": agency.name if agency else None}, now=now)
    return user


def record_sign_in(*, user: User, now: dt.datetime | None = None) -> None:
    """Audit a sign-in (called from Django's user_logged_in signal)."""
    with transaction.atomic():
        record_event(actor=user, action="auth.sign_in", target=user, summary=f"{user.username} signed in", now=now)


def record_sign_out(*, user: User, now: dt.datetime | None = None) -> None:
    """Audit a sign-out (called from Django's user_logged_out signal)."""
    with transaction.atomic():
        record_event(actor=user, action="auth.sign_out", target=user, summary=f"{user.username} signed out", now=now)


def record_password_change(*, user: User, now: dt.datetime | None = None) -> None:
    """Audit a password change."""
    with transaction.atomic():
        record_event(actor=user, action="auth.password_change", target=user, summary=f"{user.username} changed their password", now=now)
