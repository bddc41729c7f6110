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
    with transaction.atomic():
        partnership = Partnership(name=name, short_name=short_name, calendar=calendar)
        with refusing_invalid():
            partnership.full_clean()
        partnership.save()
        record_event(actor=by, action="partnership.create", target=partnership, summary=f"Created partnership {name}", now=now)
    return partnership


def create_agency(*, partnership: Partnership, name: str, kind: str, short_name: str = "", by=None,
                  now: dt.datetime | None = None) -> Agency:
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

    Preconditions: every user names one partnership (refused without); an agency
    contributor names one agency; the agency belongs to the user's partnership. Only partnership admins get Django admin access.
    """
    role = Role(role)
    if partnership is None:
        raise Refused("Choose the partnership this user belongs to: every user belongs to exactly one.", "partnership")
    if agency is not None and agency.partnership_id != partnership.pk:
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


def change_role(*, user: User, role: str, agency: Agency | None, by, now: dt.datetime | None = None) -> User:
    role = Role(role)
    with transaction.atomic():
        before = {"role": user.role, "agency": user.agency.name if user.agency else None}
        user.role, user.agency = role, agency
        user.is_staff = role == Role.PARTNERSHIP_ADMIN
        with refusing_invalid():
            user.full_clean(exclude=["password"])
        user.save(update_fields=["role", "agency", "is_staff"])
        record_event(actor=by, action="user.change_role", target=user, summary=f"Changed role of {user.username} to {role.label}",
                     changes={"before": before, "after": {"role": role.value, "agency": agency.name if agency else None}}, now=now)
    return user


def record_sign_in(*, user: User, now: dt.datetime | None = None) -> None:
    with transaction.atomic():
        record_event(actor=user, action="auth.sign_in", target=user, summary=f"{user.username} signed in", now=now)


def record_sign_out(*, user: User, now: dt.datetime | None = None) -> None:
    with transaction.atomic():
        record_event(actor=user, action="auth.sign_out", target=user, summary=f"{user.username} signed out", now=now)


def record_password_change(*, user: User, now: dt.datetime | None = None) -> None:
    with transaction.atomic():
        record_event(actor=user, action="auth.password_change", target=user, summary=f"{user.username} changed their password", now=now)
