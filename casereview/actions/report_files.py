"""Report PDFs made by a background job: asked for in a request, rendered by `casereview worker`.

`request_pdf` records what was asked (which report, for whom, for which day) and queues
`actions.tasks.render_report_pdf`. `render` (the job) builds the report with the requester's
permissions as they stand when it runs (actions.reports: the same functions the pages use,
so draft findings stay with the review team), renders the PDF and keeps it in storage under
the partnership's folder with a name fixed at request time: a job run again after a crash
replaces that file rather than leaving a second one, and a report already made is not made again.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404

from casereview.accounts.access import access_agencies
from casereview.actions import access, reports
from casereview.actions.models import FileState, ReportFile, ReportKind
from casereview.audit.services import record_event
from casereview.core.access import own_agency

logger = logging.getLogger(__name__)


def request_pdf(*, kind: str, by, today: dt.date, now: dt.datetime, review=None, agency=None) -> ReportFile:
    """Queue a report PDF for `by` (the review or agency already checked by the view)."""
    with transaction.atomic():
        made = ReportFile.objects.create(
            partnership_id=by.partnership_id, requested_by=by, kind=kind, review=review, agency=agency, on=today,
            created_at=now, stored_name=f"reports/{by.partnership_id}/{uuid.uuid4().hex}.pdf")
        record_event(actor=by, action="actions.report_pdf_requested", target=made, now=now,
                     summary=f"Asked for a PDF of the {ReportKind(kind).label.lower()}"
                             + (f" for {review.reference}" if review else "") + (f" for {agency}" if agency else ""),
                     changes={"kind": kind})
        from casereview.actions.tasks import render_report_pdf

        render_report_pdf.enqueue(made.pk)
    return made


def _build(made: ReportFile) -> tuple[dict, str]:
    user, today = made.requested_by, made.on
    if made.kind == ReportKind.REVIEW:
        return reports.for_review(user, access.access_plan_review(user, made.review_id), today=today)
    if made.kind == ReportKind.AGENCY:
        mine = own_agency(user)
        agency = mine if mine is not None else access_agencies(user).filter(pk=made.agency_id).first()
        if made.agency_id and (agency is None or agency.pk != made.agency_id):
            raise PermissionDenied
        return reports.for_agency(user, agency, today=today)
    return reports.board(user, today=today)


def render(*, report_id: int, now: dt.datetime) -> str:
    """The job: make the PDF unless it is made already; the requester's current permissions apply."""
    made = ReportFile.objects.select_related("requested_by").filter(pk=report_id).first()
    if made is None or made.status != FileState.WAITING:
        return made.status if made else "gone"
    from casereview.core.access import can

    permission = "actions.agency_report" if made.kind == ReportKind.AGENCY else "actions.report"
    try:
        if not made.requested_by.is_active or not can(made.requested_by, permission):
            raise PermissionDenied
        ctx, stem = _build(made)
    except (PermissionDenied, Http404):
        return _finish(made, FileState.FAILED, now=now, error="You can no longer see this report, so it was not made.")
    try:
        body = reports.pdf(ctx)
    except Exception:
        # Without this the page would wait for ever; the traceback is in the worker's log.
        logger.exception("report PDF %s could not be rendered", made.pk)
        return _finish(made, FileState.FAILED, now=now, error="The PDF could not be made. Try again, and tell the "
                                                              "partnership administrator if it happens again.")
    default_storage.delete(made.stored_name)  # a run cut short may have left it
    saved = default_storage.save(made.stored_name, ContentFile(body))
    return _finish(made, FileState.READY, now=now, stored_name=saved, filename=f"{stem}.pdf")


def _finish(made: ReportFile, status: str, *, now: dt.datetime, **fields) -> str:
    ReportFile.objects.filter(pk=made.pk, status=FileState.WAITING).update(status=status, finished_at=now, **fields)
    return status


def remove_old(*, now: dt.datetime) -> int:
    """Cleanup for cron: report PDFs finished more than CASEREVIEW_REPORT_FILE_HOURS ago, file and row.
    A report is a copy of pages anyone allowed can ask for again; keeping it longer only keeps
    sensitive bytes about. Returns how many."""
    cutoff = now - dt.timedelta(hours=settings.CASEREVIEW_REPORT_FILE_HOURS)
    old = ReportFile.objects.filter(status__in=[FileState.READY, FileState.FAILED], finished_at__lt=cutoff)
    removed = 0
    for made in old.only("pk", "stored_name", "status"):
        if made.status == FileState.READY:
            default_storage.delete(made.stored_name)  # before the row: a kill here leaves a row to retry
        removed += ReportFile.objects.filter(pk=made.pk).delete()[0]
    return removed
