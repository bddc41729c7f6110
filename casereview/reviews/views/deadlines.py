"""Deadlines: the dashboard panel, the deadlines page and the user's calendar feed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from casereview.core.access import PUBLIC, can, requires
from casereview.core.web import perform
from casereview.reviews import access, ical, services
from casereview.reviews.deadlines import deadlines_for, due_soon
from casereview.reviews.views._helpers import now, today


def _calendar(user) -> str:
    partnership = getattr(user, "partnership", None)
    return partnership.calendar if partnership else settings.CASEREVIEW_CALENDAR


def _scope(request) -> str:
    if can(request.user, "reviews.deadlines.partnership") and request.GET.get("scope") != "mine":
        return "partnership"
    return "mine"


PANEL_ROWS = 10  # the dashboard lists the first of each; the deadlines page lists them all


def dashboard_panel(request):
    """Overdue and due within 10 working days: the partnership's for managing roles and the board, else the user's.

    The first PANEL_ROWS of each (longest overdue, soonest due) with how many there are in all.
    """
    if not can(request.user, "reviews.deadlines.view"):
        return None
    scope = "partnership" if can(request.user, "reviews.deadlines.partnership") else "mine"
    overdue, soon = due_soon(deadlines_for(request.user, scope=scope), today=today(), calendar=_calendar(request.user))
    return "reviews/panel_deadlines.html", {
        "overdue": overdue[:PANEL_ROWS], "soon": soon[:PANEL_ROWS], "scope": scope, "today": today(),
        "overdue_more": max(len(overdue) - PANEL_ROWS, 0), "soon_more": max(len(soon) - PANEL_ROWS, 0),
        "overdue_caption": f"Overdue ({len(overdue)})", "soon_caption": f"Due in the next 10 working days ({len(soon)})"}


@requires("reviews.deadlines.view")
def deadlines_page(request):
    scope = _scope(request)
    deadlines = deadlines_for(request.user, scope=scope)
    overdue, soon = due_soon(deadlines, today=today(), calendar=_calendar(request.user))
    later = [d for d in deadlines if d not in overdue and d not in soon]
    return render(request, "reviews/deadlines.html", {
        "overdue": overdue, "soon": soon, "later": later, "scope": scope, "today": today(),
        "can_choose_scope": can(request.user, "reviews.deadlines.partnership"),
        "feed": access.own_calendar_feed(request.user),
        # A new token is shown on this one page load only: it is not stored anywhere but the session until then.
        "new_token": request.session.pop(_FRESH_FEED_KEY, None),
    })


_FRESH_FEED_KEY = "reviews.new_calendar_token"


@requires("reviews.calendar.manage")
@require_POST
def calendar_feed_issue(request):
    request.session[_FRESH_FEED_KEY] = services.issue_calendar_feed(user=request.user, now=now())
    messages.success(request, "Your calendar address is ready. Any earlier address no longer works.")
    return redirect("reviews:deadlines")


@requires("reviews.calendar.manage")
@require_POST
def calendar_feed_revoke(request):
    return perform(request, services.revoke_calendar_feed, user=request.user, now=now(),
                   success="Your calendar address has been removed: calendars subscribed to it get nothing more.",
                   redirect_to="reviews:deadlines")


# Calendar programs cannot sign in, so this view is PUBLIC and the unguessable per-user token
# is the credential; it is checked before anything is read, an unknown token gets 404, and
# the user must still be active and hold the capability. The feed names reviews by reference
# and pseudonym only, never restricted identifiers.
@requires(PUBLIC)
def calendar_feed(request, token):
    feed = access.access_calendar_feed(token)
    host = request.get_host().split(":")[0] or "casereview"
    text = ical.calendar_text(
        deadlines_for(feed.user, scope="mine"), now=now(), host=host, name="CaseReview deadlines",
        url_for=lambda d: request.build_absolute_uri(reverse("reviews:detail", args=[d.review_id])),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="casereview-deadlines.ics"'
    return response


