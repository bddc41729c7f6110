"""Library pages: search, entries, upload, side-by-side correction, themes."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from casereview.audit.selectors import object_history
from casereview.core.access import can, requires
from casereview.core.web import now, submit
from casereview.library import access, charts, selectors, services, similar
from casereview.library.forms import CorrectItemForm, ItemThemesForm, SearchForm, UploadForm
from casereview.library.search import SearchFilters, search_items
from casereview.text.themes import is_theme, theme_label


def _filters(request) -> tuple[str, SearchFilters, int]:
    form = SearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    theme = data.get("theme") or ""
    filters = SearchFilters(theme=theme if is_theme(theme) else "", review_type=data.get("type") or "",
                            partnership=data.get("partnership") or "", year=data.get("year"))
    return (data.get("q") or "").strip(), filters, data.get("page") or 1


def _link(query: str, filters: SearchFilters, **change) -> str:
    params = {"q": query, "theme": filters.theme, "type": filters.review_type, "partnership": filters.partnership,
              "year": filters.year or "", **change}
    return "?" + urlencode({k: v for k, v in params.items() if v not in ("", None)})


@requires("library.view")
def home(request):
    query, filters, page_number = _filters(request)
    page = search_items(request.user, query, filters, page=page_number)
    params = {"theme": "theme", "review_type": "type", "partnership": "partnership", "year": "year"}
    facets = {name: [{"value": f, "href": _link(query, filters, **{params[name]: "" if f.selected else f.value})}
                     for f in values] for name, values in page.facets.items()}
    context = {"query": query, "filters": filters, "page": page, "facets": facets,
               "theme_label": theme_label(filters.theme) if filters.theme else "",
               "clear_href": _link(query, SearchFilters()), "summary": selectors.library_summary(request.user),
               "prev_href": _link(query, filters, page=page.page - 1), "next_href": _link(query, filters, page=page.page + 1),
               "can_ingest": can(request.user, "library.ingest")}
    return render(request, "library/home.html", context)


@requires("library.view")
def entry(request, pk: int):
    entry = access.access_entry(request.user, pk)
    items = list(entry.items.all())
    neighbours = similar.similar_for_entry(request.user, entry)
    for item in items:
        item.similar = neighbours.get(item.pk, [])
    return render(request, "library/entry.html", {"entry": entry, "items": items,
                                                  "can_correct": can(request.user, "library.correct")})


# Files held back for matching restricted identifiers are not kept on the server: the editor chooses them
# again with the confirmation ticked, and a signed token (this user, these exact bytes, one hour) says
# which files they saw the matches of. A file that changed, or another one, is checked afresh.
CONFIRM_SALT, CONFIRM_MAX_AGE = "library.upload-confirm", 3600


def _confirmed(request, form) -> tuple[frozenset[str], str]:
    """The SHA-256s of the held files this user confirmed (none unless ticked), and what was wrong, if anything."""
    if not form.cleaned_data.get("confirm"):
        return frozenset(), ""
    try:
        signed = signing.loads(form.cleaned_data.get("token") or "", salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        signed = None
    if not isinstance(signed, dict) or signed.get("user") != request.user.pk:
        return frozenset(), ("This confirmation has expired or is not yours, so nothing held back was added: "
                             "check the matches below and confirm again.")
    return frozenset(signed.get("sha256", [])), ""


@requires("library.ingest")
def upload(request):
    results, problem = [], ""
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        confirmed, problem = _confirmed(request, form)
        results = [_ingest_one(request, upload_file, confirmed) for upload_file in form.cleaned_data["files"]]
    held = [r for r in results if r.held]
    if held:
        token = signing.dumps({"user": request.user.pk, "sha256": [r.sha256 for r in held]}, salt=CONFIRM_SALT)
        form = UploadForm(initial={"token": token})
    return render(request, "library/upload.html", {"form": form, "results": results, "held": held, "problem": problem,
                                                   "failed": [r for r in results if r.failed]},
                  status=400 if problem or form.errors else 200)


def _ingest_one(request, upload_file, confirmed: frozenset[str]) -> services.IngestResult:
    if upload_file.size > settings.MAX_UPLOAD_BYTES:
        limit = settings.MAX_UPLOAD_BYTES / 1_048_576
        return services.IngestResult(upload_file.name, services.FAILED, error=(
            f"file too large ({upload_file.size / 1_048_576:.1f} MB > limit {limit:.1f} MB): "
            "split the document or ask an administrator to raise the limit"))
    return services.ingest_file(data=upload_file.read(), filename=upload_file.name, by=request.user, now=now(),
                                confirmed=confirmed)


def _correct_page(request, entry, *, bound=None, status=200):
    bound = bound or {}
    rows = []
    for item in entry.items.all():
        active = [t for t in item.themes.all() if not t.removed]
        rows.append({"item": item, "tags": active,
                     "form": bound.get(("text", item.pk)) or CorrectItemForm(
                         initial={"text": item.text, "kind": item.kind}, prefix=f"item{item.pk}"),
                     "themes_form": bound.get(("themes", item.pk)) or ItemThemesForm(
                         initial={"themes": [t.theme for t in active]}, prefix=f"themes{item.pk}"),
                     "history": object_history(item)[:5]})
    errors = [form for form in bound.values() if form.errors]
    source = access.access_source(entry, request.GET.get("source"))
    return render(request, "library/correct.html", {"entry": entry, "rows": rows, "source": source,
                                                    "errors": errors}, status=status)


@requires("library.correct")
def correct(request, pk: int):
    return _correct_page(request, access.access_entry_for_correction(request.user, pk))


def _item_url(item) -> str:
    return reverse("library:correct", args=[item.entry_id]) + f"#item-{item.pk}"


def _refused_correction(request, item, key: str, form):
    entry = access.access_entry_for_correction(request.user, item.entry_id)
    return _correct_page(request, entry, bound={(key, item.pk): form}, status=400)


@requires("library.correct")
@require_POST
def correct_item(request, pk: int):
    item = access.access_item_for_correction(request.user, pk)
    form = CorrectItemForm(request.POST, prefix=f"item{item.pk}")
    done = submit(request, form, services.correct_item, item=item, by=request.user, now=now(), redirect_to=_item_url(item),
                  success=lambda _result: f"{item.get_kind_display()} {item.number} corrected.")
    return done or _refused_correction(request, item, "text", form)


@requires("library.correct")
@require_POST
def item_themes(request, pk: int):
    item = access.access_item_for_correction(request.user, pk)
    form = ItemThemesForm(request.POST, prefix=f"themes{item.pk}")
    done = submit(request, form, services.set_item_themes, item=item, by=request.user, now=now(),
                  redirect_to=_item_url(item),
                  success=f"Themes of {item.get_kind_display().lower()} {item.number} saved.")
    return done or _refused_correction(request, item, "themes", form)


@requires("library.view")
def themes(request):
    stats = selectors.theme_statistics(request.user)
    return render(request, "library/themes.html", {
        "stats": stats, "bars": charts.bar_chart(stats.prevalence, value="items"),
        "heatmap": charts.year_heatmap(stats.by_year, stats.years, stats.entries_by_year),
        "matrix": charts.cooccurrence_matrix(stats.cooccurrence_themes, stats.cooccurrence),
        "recurring": similar.recurring_learning(request.user),
    })
