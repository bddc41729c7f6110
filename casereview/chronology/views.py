"""Chronology pages: agency upload (with a mapping step), the integrated chronology, timeline, exports."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casereview.accounts.access import can, requires
from casereview.chronology import access, selectors, services
from casereview.chronology.engine.headers import match_headers
from casereview.chronology.engine.imports import find_header_row
from casereview.chronology.forms import AnalysisForm, EpisodeForm, MappingForm, UploadForm
from casereview.chronology.models import DuplicateStatus
from casereview.tabular.export import UK_DATE, Sheet, write_csv, xlsx_bytes
from casereview.tabular.reader import TabularError, read_table

PENDING_DIR = "chronology-pending"


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
    entries = filters.apply(access.integrated_entries(review))
    page = selectors.entries_page(
        entries, review, after=request.GET.get("after", ""), before=request.GET.get("before", ""),
        date_of_birth=selectors.child_date_of_birth(review),
    )
    return render(request, "chronology/integrated.html", {
        "review": review, "page": page, "filters": filters, "query": filters.query(),
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
    picture = selectors.timeline(review, filters.apply(access.integrated_entries(review)))
    return render(request, "chronology/timeline.html", {"review": review, "picture": picture, "filters": filters,
                                                        "query": filters.query()})


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
    problems = []
    status = 400 if form.is_bound and form.errors else 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.import_chronology(review=review, agency=agency, file=upload, name=upload.name,
                                       sheet=form.cleaned_data["sheet"], by=request.user, now=timezone.now())
        except services.ChronologyRefused as refused:
            if refused.needs_mapping:
                return redirect(_stash(request, review, agency, upload, form.cleaned_data["sheet"]))
            problems, status = refused.problems, 400
        else:
            messages.success(request, f"{agency} chronology imported.")
            return redirect(_submission_url(review, agency))
    return _submission_page(request, review, agency, form, problems, status)


def _submission_page(request, review, agency, form, problems, status):
    page = selectors.entries_page(access.agency_entries(review, agency), review, after=request.GET.get("after", ""),
                                  with_links=False)
    return render(request, "chronology/submission.html", {
        "review": review, "agency": agency, "form": form, "problems": problems, "page": page,
        "current": access.current_submission(review, agency),
        "versions": access.submission_versions(review, agency),
        "agencies": access.submitting_agencies(request.user, review),
    }, status=status)


def _stash(request, review, agency, upload, sheet: str) -> str:
    """Keep an upload whose columns need mapping until the user has mapped them."""
    folder = Path(settings.MEDIA_ROOT) / PENDING_DIR
    folder.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    suffix = Path(upload.name).suffix.lower()
    with (folder / f"{token}{suffix}").open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    pending = request.session.get("chronology_pending", {})
    pending[token] = {"review": review.pk, "agency": agency.pk, "name": upload.name, "suffix": suffix, "sheet": sheet}
    request.session["chronology_pending"] = pending
    return reverse("chronology:mapping", args=[review.pk, token])


@requires("chronology.submit")
def mapping(request, review_pk, token):
    pending = request.session.get("chronology_pending", {}).get(token)
    if not pending or pending["review"] != int(review_pk):
        raise Http404("This upload has expired: upload the file again.")
    review, agency = access.access_submission_agency(request.user, review_pk, pending["agency"])
    path = Path(settings.MEDIA_ROOT) / PENDING_DIR / f"{token}{pending['suffix']}"
    try:
        table = read_table(path, name=pending["name"], sheet=pending["sheet"] or None,
                           max_bytes=settings.MAX_SPREADSHEET_BYTES)
    except (TabularError, OSError):
        raise Http404("This upload has expired: upload the file again.") from None
    found = find_header_row(table)
    headers = match_headers(found[1] if found else ()).headers
    form = MappingForm(request.POST or None, headers=headers)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            services.import_chronology(review=review, agency=agency, file=path, name=pending["name"], mapping=form.mapping(),
                                       sheet=pending["sheet"], by=request.user, now=timezone.now())
        except services.ChronologyRefused as refused:
            problems = refused.problems
        else:
            path.unlink(missing_ok=True)
            request.session["chronology_pending"].pop(token, None)
            request.session.modified = True
            messages.success(request, f"{agency} chronology imported.")
            return redirect(_submission_url(review, agency))
    return render(request, "chronology/mapping.html", {"review": review, "agency": agency, "form": form,
                                                       "file_name": pending["name"], "problems": problems,
                                                       "header_row": found[0] if found else None},
                  status=400 if problems or form.errors else 200)


@requires("chronology.analyse")
def episode_new(request, review_pk):
    review = access.access_integrated(request.user, review_pk, "chronology.analyse")
    form = EpisodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_episode(review=review, by=request.user, now=timezone.now(), **form.cleaned_data)
        except ValidationError as exc:
            for fld, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(fld if fld in form.fields else None, error)
        else:
            messages.success(request, "Key practice episode added.")
            return redirect(_integrated_url(review))
    return render(request, "chronology/form.html", {"review": review, "form": form, "title": "Add a key practice episode",
                                                    "button": "Add episode", "back": _integrated_url(review)},
                  status=400 if form.errors else 200)


@requires("chronology.analyse")
@require_POST
def episode_delete(request, review_pk, episode_pk):
    review = access.access_integrated(request.user, review_pk, "chronology.analyse")
    episode = access.access_episode(review, episode_pk)
    services.delete_episode(episode=episode, by=request.user, now=timezone.now())
    messages.success(request, f"Episode “{episode.name}” removed.")
    return redirect(_integrated_url(review))


@requires("chronology.analyse")
def analysis_edit(request, review_pk, entry_pk):
    review = access.access_integrated(request.user, review_pk, "chronology.analyse")
    entry = access.access_entry(review, entry_pk)
    current = getattr(entry, "analysis", None)
    form = AnalysisForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        services.save_analysis(entry=entry, text=form.cleaned_data["text"], by=request.user, now=timezone.now())
        messages.success(request, "Analysis saved.")
        return redirect(_integrated_url(review) + f"#entry-{entry.pk}")
    return render(request, "chronology/analysis.html", {"review": review, "entry": entry, "form": form,
                                                        "back": _integrated_url(review) + f"#entry-{entry.pk}"})


@requires("chronology.analyse")
@require_POST
def duplicate_decide(request, review_pk, link_pk):
    review = access.access_integrated(request.user, review_pk, "chronology.analyse")
    link = access.access_duplicate(review, link_pk)
    status = request.POST.get("status", "")
    if status not in DuplicateStatus.values:
        return HttpResponse("Choose same event or different events.", status=400)
    services.decide_duplicate(link=link, status=status, by=request.user, now=timezone.now())
    messages.success(request, f"Pair marked: {DuplicateStatus(status).label.lower()}.")
    return redirect(_integrated_url(review) + f"#entry-{link.first_id}")
