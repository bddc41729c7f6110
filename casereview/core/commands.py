"""Argument helpers shared by the management commands (cron jobs take --today YYYY-MM-DD)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError
from django.utils import timezone


def iso_date(flag: str, value: str | None) -> dt.date | None:
    """A YYYY-MM-DD option as a date (None when not given); bad input exits 2 naming the option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{flag} {value!r}: not a date; use YYYY-MM-DD, e.g. 2026-12-21", returncode=2) from None


def parse_today(value: str | None) -> dt.date:
    """The day a cron command runs for: --today when given (for catching up or tests), else today."""
    return iso_date("--today", value) or timezone.localdate()
