"""Two-factor sign-in: users of the roles in CASEREVIEW_OTP_REQUIRED_ROLES must verify a code."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
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
