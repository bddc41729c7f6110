"""Sign-in helpers for django-axes: which address a request came from."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


def client_address(request) -> str | None:
    """The client's address for throttling.

    With no trusted proxy (the default) that is REMOTE_ADDR: X-Forwarded-For is set by
    the client and could name any address, so it is only read behind
    CASEREVIEW_TRUSTED_PROXIES proxies, each of which appends the address it saw; the
    client is then the entry that many places from the right.
    """
    hops = settings.CASEREVIEW_TRUSTED_PROXIES
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The GOV.UK page shown instead of signing in while a username or address is locked (429)."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "accounts/locked_out.html",
                  {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}, status=429)
