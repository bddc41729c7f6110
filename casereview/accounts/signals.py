"""Audit sign-in, sign-out and refused sign-ins through Django's auth signals.

Receivers are module-level functions: signals hold weak references, so a
receiver defined inside AppConfig.ready() could be garbage-collected and stop
auditing without any error.
"""

from casereview.accounts import services
from casereview.accounts.signin import client_address


def audit_sign_in(sender, request, user, **kwargs):
    services.record_sign_in(user=user)


def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        services.record_sign_out(user=user)


def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password in `credentials` with stars; only the
    # username is read here all the same.
    services.record_failed_sign_in(username=str(credentials.get("username", "")),
                                   address=client_address(request) if request is not None else None)
