"""Chronology pages: agency upload (with a mapping step), the integrated chronology, timeline, exports."""

from __future__ import annotations

import functools

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from casereview.chronology import access, selectors, services
from casereview.chronology.engine.headers import match_headers
from casereview.chronology.forms import AnalysisForm, EpisodeForm, MappingForm, UploadForm
from casereview.chronology.models import DuplicateStatus, PendingUpload
from casereview.core.access import can, requires
from casereview.core.web import form_status, now, perform, submit
from casereview.reviews.models import AgencyRequest, RequestItem
from casereview.tabular.export import UK_DATE, Sheet, write_csv, xlsx_bytes


def _integrated_url(review, **params) -> str:
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("chronology:integrated", args=[review.pk]) + (f"?{query}" if query else "")


def _submission_url(review, agency) -> str:
    return reverse("chronology:submission", args=[review.pk]) + f"?agency={agency.pk}"


@requires("chronology.view")
def integrated(request, review_pk):
    review = access.access_integrated(request.user, review_pk)
    filters = selectors.parse_filters(review, request.GET)
    everything = access.integrated_entries(review)
    entries = filters.apply(everything)
    page = selectors.entries_page(
        entries, review, after=request.GET.get("after", ""), before=request.GET.get("before", ""),
        date_of_birth=selectors.child_date_of_birth(review),
    )
    return render(request, "chronology/integrated.html", {
        "review": review, "page": page, "filters": filters, "query": filters.query(),
        "counts": selectors.shown_counts(everything, entries, filtered=bool(filters.query()), shown_total=page.total),
        "agencies": review.participating_agencies.select_related("agency"),
        "episodes": review.practice_episodes.all(),
        "submissions": access.current_submissions(review),
        "can_analyse": can(request.user, "chronology.analyse"), "can_export": can(request.user, "chronology.export"),
        "statuses": DuplicateStatus,
    })


@requires("chronology.view")
def timeline(request, review_pk):
    review = access.access_integrated(request.user, review_pk)
    filters = selectors.parse_filters(review, request.GET)
    query = filters.query()

    def link(params: dict[str, str], entry_pk: int | None) -> str:
        # A mark opens the integrated chronology, filtered the same, at its first entry.
        return _integrated_url(review, **{**query, **params}) + (f"#entry-{entry_pk}" if entry_pk else "")

    picture = selectors.timeline(review, filters.apply(access.integrated_entries(review)), link=link)
    return render(request, "chronology/timeline.html", {"review": review, "picture": picture, "filters": filters,
                                                        "query": query, "table_url": _integrated_url(review, **query)})


@requires("chronology.export")
def export(request, review_pk, fmt):
    review = access.access_integrated(request.user, review_pk, "chronology.export")
    filters = selectors.parse_filters(review, request.GET)
    rows = selectors.export_rows(review, filters.apply(access.integrated_entries(review)))
    name = f"{review.reference}-integrated-chronology"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so Excel opens it as UTF-8
        write_csv([selectors.EXPORT_HEADERS, *rows], response, date_format=UK_DATE)
    else:
        sheet = Sheet("Integrated chronology", rows, header=selectors.EXPORT_HEADERS)
        response = HttpResponse(xlsx_bytes([sheet]), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@requires("chronology.submit")
def submission(request, review_pk):
    review, agency = access.access_submission_agency(request.user, review_pk, request.GET.get("agency") or request.POST.get("agency"))
    form = UploadForm(request.POST or None, request.FILES or None)
    # Columns not recognised: the upload is kept for its uploader and the mapping page says what to do next.
    done = submit(request, form, services.upload_chronology, review=review, agency=agency, by=request.user, now=now(),
                  success=lambda r: "" if isinstance(r, PendingUpload) else f"{agency} chronology imported.",
                  redirect_to=lambda r: _mapping_url(r) if isinstance(r, PendingUpload) else _submission_url(review, agency))
    return done or _submission_page(request, review, agency, form)


def _mapping_url(pending: PendingUpload) -> str:
    return reverse("chronology:mapping", args=[pending.review_id, pending.token])


def _submission_page(request, review, agency, form):
    page = selectors.entries_page(access.agency_entries(review, agency), review, after=request.GET.get("after", ""),
                                  with_links=False)
    return render(request, "chronology/submission.html", {
        "review": review, "agency": agency, "form": form, "page": page,
        "current": access.current_submission(review, agency),
        "versions": access.submission_versions(review, agency),
        "agencies": access.submitting_agencies(request.user, review),
        "agency_request": AgencyRequest.objects.filter(participating_agency__review=review, participating_agency__agency=agency,
                                                       item=RequestItem.CHRONOLOGY).first(),
    }, status=form_status(form))


def _expired_upload_page(view):
    """A pending upload that is gone (or never was this user's): 404, saying what to do next."""

    @functools.wraps(view)
    def wrapped(request, review_pk, token):
        try:
            return view(request, review_pk, token)
        except access.UploadExpired as exc:
            return render(request, "chronology/upload_expired.html", {
                "message": str(exc), "upload_url": reverse("chronology:submission", args=[review_pk])}, status=404)

    return wrapped


@requires("chronology.submit")
@_expired_upload_page
def mapping(request, review_pk, token):
    pending = access.access_pending_upload(request.user, review_pk, token, now=now())
    review, agency = access.access_submission_agency(request.user, review_pk, pending.agency_id)
    found = selectors.pending_header(pending)
    form = MappingForm(request.POST or None, headers=match_headers(found[1] if found else ()).headers)
    mapped = form.mapping() if request.method == "POST" and form.is_valid() else None
    done = submit(request, form, services.import_pending, use_cleaned_data=False, pending=pending, mapping=mapped,
                  by=request.user, now=now(), success=f"{agency} chronology imported.",
                  redirect_to=_submission_url(review, agency))
    return done or render(request, "chronology/mapping.html", {
        "review": review, "agency": agency, "form": form, "pending": pending, "file_name": pending.original_name,
        "header_row": found[0] if found else None,
    }, status=form_status(form))


@requires("chronology.submit")
@require_POST
@_expired_upload_page
def mapping_discard(request, review_pk, token):
    pending = access.access_pending_upload(request.user, review_pk, token, now=now())
    review, agency = access.access_submission_agency(request.user, review_pk, pending.agency_id)
    return perform(request, services.discard_pending, pending=pending, by=request.user, now=now(),
                   success="The upload has been removed; nothing was imported.", redirect_to=_submission_url(review, agency))


@requires("chronology.analyse")
def episode_new(request, review_pk):
    review = access.access_integrated(request.user, review_pk, "chronology.analyse")
    form = EpisodeForm(request.POST or None)
    done = submit(request, form, services.create_episode, review=review, by=request.user, now=now(),
                  success="Key practice episode added.", redirect_to=_integrated_url(review))
    return done or render(request, "reviews/form.html", {  # the shared form page
        "review": review, "form": form, "title": "Add a key practice episode", "button": "Add episode",
        "back": _integrated_url(review)}, status=form_status(form))


@requires("chronology.analyse")
@require_POST
def episode_delete(request, review_pk, episode_pk):
    review = access.access_integrated(request.user, review_pk, "chronology.analyse")
    episode = access.access_episode(review, episode_pk)
    return perform(request, services.delete_episode, episode=episode, by=request.user, now=now(),
                   success=f"Episode “{episode.name}” removed.", redirect_to=_integrated_url(review))


@requires("chronology.analyse")
def analysis_edit(request, review_pk, entry_pk):
    review = access.access_integrated(request.user, review_pk, "chronology.analyse")
    entry = access.access_entry(review, entry_pk)
    current = getattr(entry, "analysis", None)
    form = AnalysisForm(request.POST or None, initial={"text": current.text if current else ""})
    back = _integrated_url(review) + f"#entry-{entry.pk}"
    done = submit(request, form, services.save_analysis, entry=entry, by=request.user, now=now(),
                  success="Analysis saved.", redirect_to=back)
    return done or render(request, "chronology/analysis.html", {"review": review, "entry": entry, "form": form,
                                                                "back": back}, status=form_status(form))


@requires("chronology.analyse")
@require_POST
def duplicate_decide(request, review_pk, link_pk):
    review = access.access_integrated(request.user, review_pk, "chronology.analyse")
    link = access.access_duplicate(review, link_pk)
    return perform(request, services.decide_duplicate, link=link, status=request.POST.get("status", ""),
                   by=request.user, now=now(),
                   success=lambda decided: f"Pair marked: {DuplicateStatus(decided.status).label.lower()}.",
                   redirect_to=_integrated_url(review) + f"#entry-{link.first_id}")
