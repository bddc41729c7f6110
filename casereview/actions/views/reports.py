"""Board assurance: across reviews, per review, per agency; as a page, PDF, CSV or XLSX."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from casereview.accounts.access import access_agencies
from casereview.actions import access, reports, selectors
from casereview.core.access import own_agency, requires
from casereview.reviews.assurance import assurance_sections

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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
def board_report(request, fmt="html"):
    today = timezone.localdate()
    reviews = access.plan_reviews_visible_to(request.user)
    review_ids = access.report_review_ids(request.user, reviews.values_list("pk", flat=True))
    report = selectors.board_report(access.actions_visible_to(request.user), today=today, reviews=review_ids)
    ctx = reports.context(report, title="Action plans: board assurance report", scope="All reviews",
                          sections=assurance_sections(request.user, review_ids, today))
    ctx["export_base"] = "actions:board_report_export"
    return _respond(request, ctx, fmt, f"action-plans-{today:%Y-%m-%d}")


@requires("actions.report")
def review_report(request, review_pk, fmt="html"):
    review = access.access_plan_review(request.user, review_pk)
    today = timezone.localdate()
    review_ids = access.report_review_ids(request.user, [review.pk])
    report = selectors.board_report(access.actions_visible_to(request.user).filter(review=review), today=today,
                                    reviews=review_ids)
    ctx = reports.context(report, title=f"Action plan: {review.reference}", scope=f"{review.reference}: {review.title}",
                          review=review, sections=assurance_sections(request.user, review_ids, today))
    ctx["export_base"] = "actions:review_report_export"
    return _respond(request, ctx, fmt, f"action-plan-{review.reference}-{today:%Y-%m-%d}")


@requires("actions.agency_report")
def agency_report(request, fmt="html"):
    agency = _report_agency(request)
    today = timezone.localdate()
    actions = access.actions_visible_to(request.user)
    actions = actions.filter(owner_agency=agency) if agency else actions.none()
    report = selectors.board_report(actions, today=today, reviews=[])
    ctx = reports.context(report, title=f"Actions for {agency}" if agency else "Actions by agency",
                          scope=str(agency or ""), agency=agency)
    ctx.update(export_base="actions:agency_report_export", agencies=access_agencies(request.user),
        agency_query=f"?agency={agency.pk}" if agency else "")
    return _respond(request, ctx, fmt, f"actions-{(agency.short_name or agency.name) if agency else 'agency'}-{today:%Y-%m-%d}")


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
