"""Library pages: search, entries, upload, side-by-side correction, themes."""

from __future__ import annotations

from django.shortcuts import render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from casereview.audit.selectors import object_history
from casereview.core.access import can, requires
from casereview.core.web import form_status, now, perform, submit
from casereview.library import access, batches, charts, selectors, services, similar
from casereview.library.forms import ConfirmHeldForm, CorrectItemForm, ItemThemesForm, SearchForm, UploadForm
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


@requires("library.ingest")
def upload(request):
    """Files (or a .zip) are stored and a background job ingests them; the batch page shows its progress."""
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    done = submit(request, form, batches.create_batch, by=request.user, now=now(), success="",
                  redirect_to=lambda batch: reverse("library:batch", args=[batch.pk]))
    return done or render(request, "library/upload.html", {"form": form}, status=form_status(form))


@requires("library.ingest")
def batch(request, pk: int):
    """An upload's progress (refreshing itself while the job runs), and the check of any file held back."""
    upload_batch = access.access_batch(request.user, pk)
    form = ConfirmHeldForm(request.POST if request.method == "POST" else None)
    done = submit(request, form, batches.confirm_held, batch=upload_batch, by=request.user, now=now(),
                  use_cleaned_data=False, success=lambda n: f"{n} held file{pluralize(n)} will be added to the library.",
                  redirect_to=reverse("library:batch", args=[pk]))
    return done or render(request, "library/batch.html", {**selectors.batch_progress(upload_batch, request.user), "form": form},
                          status=form_status(form))


@requires("library.ingest")
@require_POST
def discard_held(request, pk: int):
    upload_batch = access.access_batch(request.user, pk)
    return perform(request, batches.discard_held, batch=upload_batch, by=request.user, now=now(),
                   success=lambda n: f"{n} held file{pluralize(n)} will not be added.",
                   redirect_to=reverse("library:batch", args=[pk]))


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
