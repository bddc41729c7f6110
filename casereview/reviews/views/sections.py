"""The review page as sections a manager moves between, each its own URL (GOV.UK sub-navigation).

Each section shows what the single page showed of that part, to the same people
(selectors.section_visible); a section a user may not see answers 404, like a review they
may not see.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from casereview.core.access import requires
from casereview.reviews import access, selectors
from casereview.reviews.views._helpers import today


def _section(request, pk, key: str, build=None):
    review = access.access_review(request.user, pk)
    if not selectors.section_visible(request.user, review, key):
        raise Http404("No such section.")
    if build is None:
        context = selectors.section_context(request.user, review, key, today=today())
    else:
        context = build(request.user, review, today=today())
    return render(request, f"reviews/sections/{key}.html", context)


@requires("reviews.view")
def overview(request, pk):
    return _section(request, pk, "overview", selectors.overview_context)


@requires("reviews.view")
def decision(request, pk):
    return _section(request, pk, "decision", selectors.decision_context)


@requires("reviews.view")
def agencies(request, pk):
    return _section(request, pk, "agencies", selectors.agencies_context)


@requires("reviews.view")
def chronology(request, pk):
    return _section(request, pk, "chronology")


@requires("reviews.view")
def inquiry(request, pk):
    return _section(request, pk, "inquiry", selectors.inquiry_context)


@requires("reviews.view")
def findings(request, pk):
    return _section(request, pk, "findings", selectors.findings_context)


@requires("reviews.view")
def actions(request, pk):
    return _section(request, pk, "actions")


@requires("reviews.view")
def briefings(request, pk):
    return _section(request, pk, "briefings")


@requires("reviews.view")
def history(request, pk):
    return _section(request, pk, "history", selectors.history_context)
