"""Sessions and sign-in: a sliding idle timeout, and two-factor sign-in for the roles in CASEREVIEW_OTP_REQUIRED_ROLES."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.contrib.sessions.middleware import SessionMiddleware
from django.shortcuts import redirect
from django.urls import reverse


def needs_second_factor(user) -> bool:
    """Whether `user` is signed in with a password only although their role requires a code too."""
    return bool(
        user.is_authenticated
        and user.role in settings.CASEREVIEW_OTP_REQUIRED_ROLES
        and not user.is_verified()  # set by django_otp's OTPMiddleware
    )


class RequireTwoFactorMiddleware:
    """Send a password-only session of a two-factor role to set up or enter a code.

    Runs in process_view so it can see which view is asked for: public views (sign-in,
    sign-out, health) and the two-factor pages themselves stay reachable; everything
    else, the Django admin included, waits for the code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "login_required", True) is False or getattr(view_func, "two_factor_step", False):
            return None
        if not needs_second_factor(request.user):
            return None
        from casereview.accounts.twofactor import has_confirmed_device

        name = "accounts:two_factor_verify" if has_confirmed_device(request.user) else "accounts:two_factor_setup"
        target = reverse(name)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)


RENEWED_KEY = "casereview.renewed"  # when the session's expiry was last pushed forward (seconds since the epoch)


class SlidingSessionMiddleware(SessionMiddleware):
    """Django's session middleware, renewing a signed-in session's idle timeout at most once a minute.

    Renewing on every request (SESSION_SAVE_EVERY_REQUEST) is a database write per page view:
    a transaction for every click, and on SQLite the one write lock every upload waits for.
    Here a request renews the session (a new expiry in the database and the cookie) when the
    last renewal is older than CASEREVIEW_SESSION_REFRESH_SECONDS, so a session ends between
    SESSION_COOKIE_AGE minus that interval and SESSION_COOKIE_AGE after the last request.
    A session that changed is saved as Django always saves it.
    """

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        # `in` loads the session first: a cookie naming no live session (expired, or made up) loads as
        # empty with no key, so it is never turned into a new session row here.
        if session is not None and not session.modified and AUTH_SESSION_KEY in session and session.session_key:
            now = int(time.time())
            if now - int(session.get(RENEWED_KEY, 0)) >= settings.CASEREVIEW_SESSION_REFRESH_SECONDS:
                session[RENEWED_KEY] = now  # marks it modified: saved with a fresh expiry below
        return super().process_response(request, response)
