"""Board assurance: across reviews, per review, per agency; as a page, PDF, CSV or XLSX."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from casereview.accounts.access import access_agencies
from casereview.actions import access, report_files, reports
from casereview.actions.models import FileState, ReportKind
from casereview.core.access import own_agency, requires

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _methods(view):
    """GET and HEAD for pages and exports; POST too for `pdf/`, which asks for a file to be made.
    Checked before the report is built."""
    @wraps(view)
    def checked(request, *args, fmt="html", **kwargs):
        allowed = ["GET", "HEAD", "POST"] if fmt == "pdf" else ["GET", "HEAD"]
        if request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        return view(request, *args, fmt=fmt, **kwargs)
    return checked


def _respond(request, ctx, fmt, filename):
    ctx["fmt_links"] = fmt == "html"
    if fmt == "html":
        return render(request, "actions/report.html", ctx)
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format: use pdf, csv or xlsx.")
    body = {"pdf": reports.pdf, "csv": lambda c: reports.to_csv(c["report"], c["sections"]),
            "xlsx": lambda c: reports.to_xlsx(c["report"], c["sections"])}[fmt](ctx)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@requires("actions.report")
@_methods
def board_report(request, fmt="html"):
    if fmt == "pdf":
        return _prepare_pdf(request, kind=ReportKind.BOARD)
    ctx, filename = reports.board(request.user, today=timezone.localdate())
    ctx["export_base"] = "actions:board_report_export"
    return _respond(request, ctx, fmt, filename)


@requires("actions.report")
@_methods
def review_report(request, review_pk, fmt="html"):
    review = access.access_plan_review(request.user, review_pk)
    if fmt == "pdf":
        return _prepare_pdf(request, kind=ReportKind.REVIEW, review=review)
    ctx, filename = reports.for_review(request.user, review, today=timezone.localdate())
    ctx["export_base"] = "actions:review_report_export"
    return _respond(request, ctx, fmt, filename)


@requires("actions.agency_report")
@_methods
def agency_report(request, fmt="html"):
    agency = _report_agency(request)
    if fmt == "pdf":
        return _prepare_pdf(request, kind=ReportKind.AGENCY, agency=agency)
    ctx, filename = reports.for_agency(request.user, agency, today=timezone.localdate())
    ctx.update(export_base="actions:agency_report_export", agencies=access_agencies(request.user),
               agency_query=f"?agency={agency.pk}" if agency else "")
    return _respond(request, ctx, fmt, filename)


def _prepare_pdf(request, *, kind, review=None, agency=None):
    """A PDF is made by a background job: on POST, queue it and send the user to the page that waits for it.

    A GET (a bookmark, a link prefetcher, a crawler with a session) only shows the button that asks for it:
    each request makes a file and a job, so it must not happen by following a link.
    """
    if request.method != "POST":
        title = {ReportKind.BOARD: "the board assurance report",
                 ReportKind.REVIEW: f"the action plan report for {review.reference}" if review else "",
                 ReportKind.AGENCY: f"the actions for {agency}" if agency else "the agency action report"}[kind]
        return render(request, "actions/report_pdf_ask.html",
                      {"title": title, "hours": settings.CASEREVIEW_REPORT_FILE_HOURS})
    made = report_files.request_pdf(kind=kind, by=request.user, review=review, agency=agency,
                                    today=timezone.localdate(), now=timezone.now())
    return redirect("actions:report_file", pk=made.pk)


@requires("actions.agency_report")  # the roles of every report; access_report_file: the requester only
def report_file(request, pk):
    """The PDF when it is ready (to the person who asked for it only); until then a page that refreshes itself."""
    made = access.access_report_file(request.user, pk)
    if made.status == FileState.READY:
        return FileResponse(default_storage.open(made.stored_name, "rb"), as_attachment=True, filename=made.filename,
                            content_type="application/pdf")
    return render(request, "actions/report_file.html", {"made": made, "waiting": made.status == FileState.WAITING})


def _report_agency(request):
    """Agency contributors see their own agency only; others choose one (first by default)."""
    user = request.user
    if own_agency(user) is not None:
        return own_agency(user)
    agencies = access_agencies(user)
    chosen = request.GET.get("agency", "")
    if chosen.isdigit():
        return agencies.filter(pk=int(chosen)).first() or agencies.first()
    return agencies.first()
