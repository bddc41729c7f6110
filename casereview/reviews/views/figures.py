"""Partnership figures: reviews by stage, the funnel, rapid review timeliness; page with SVG chart and CSV."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from casereview.core.access import requires
from casereview.reviews import figures
from casereview.reviews.access import reviews_visible_to
from casereview.tabular.export import write_csv


@requires("reviews.figures.view")
def figures_page(request):
    result = figures.compute(list(reviews_visible_to(request.user)))
    return render(request, "reviews/figures.html", {
        "figures": result,
        "stage_chart": figures.bar_chart([(label, n) for _, label, n in result.by_stage if n]),
        "funnel_chart": figures.bar_chart(result.funnel),
    })


@requires("reviews.figures.view")
def figures_csv(request):
    result = figures.compute(list(reviews_visible_to(request.user)))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="review-figures.csv"'
    write_csv(figures.csv_rows(result), response)
    return response
