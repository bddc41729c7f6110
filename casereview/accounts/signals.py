"""Audit sign-in and sign-out through Django's auth signals.

Receivers are module-level functions: signals hold weak references, so a
receiver defined inside AppConfig.ready() could be garbage-collected and stop
auditing without any error.
"""

from casereview.accounts import services


def audit_sign_in(sender, request, user, **kwargs):
    services.record_sign_in(user=user)


def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        services.record_sign_out(user=user)
