from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone

from casereview.core import calendar
from casereview.core.access import PUBLIC, requires
from casereview.core.refusals import Gone


@requires(PUBLIC)
def healthz(request):
    """Liveness and database status for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db = {"status": "ok", "vendor": connection.vendor}
        code = 200
    except Exception as exc:  # any database failure is reported, not raised
        db = {"status": "error", "vendor": connection.vendor, "error": exc.__class__.__name__}
        code = 503
    return JsonResponse({"status": "ok" if code == 200 else "error", "database": db}, status=code)


@requires("calendar.view")
def bank_holidays(request):
    partnership = getattr(request.user, "partnership", None)
    nation = partnership.calendar if partnership else calendar.DEFAULT_CALENDAR
    year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", year))
    except ValueError:
        pass
    year = min(max(year, 2000), 2100)
    days = calendar.bank_holidays(year, nation)
    return render(
        request,
        "core/bank_holidays.html",
        {"year": year, "nation": nation, "days": days.items(), "prev": year - 1, "next": year + 1,
         "today": dt.date.today()},
    )


# Error pages: GOV.UK-styled, and never Django's debug pages (which list every URL
# pattern) outside development. Messages shown are written for the person, not the log.


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else "Your role does not give access to this page."
    return render(request, "core/403.html", {"message": message}, status=403)


def csrf_failure(request, reason=""):
    """A form sent without (or with an expired) security token: say what to do, in the GOV.UK style."""
    message = "The form had expired or was sent from another page. Go back, reload the page and try again."
    return render(request, "core/403.html", {"message": message}, status=403)


def not_found(request, exception=None):
    if isinstance(exception, Gone):
        return render(request, "core/410.html", {"message": str(exception)}, status=410)
    return render(request, "core/404.html", status=404)


def bad_request(request, exception=None):
    return render(request, "core/400.html", status=400)


def server_error(request):
    """No context processors: the database (which they read) may be why we are here."""
    body = loader.get_template("core/500.html").render(
        {"service_name": settings.CASEREVIEW_SERVICE_NAME, "service_phase": settings.CASEREVIEW_PHASE})
    return HttpResponseServerError(body)
