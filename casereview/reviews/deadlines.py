"""Deadlines a user (or the partnership) must meet, computed from reviews and agency requests.

Pure reads: each deadline names its date, what is due, and the review by reference
and pseudonym only (never a restricted identifier), so the list is safe to show in
the dashboard, the deadlines page and the calendar feed of any permitted role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casereview.core import calendar as wd
from casereview.core.access import can
from casereview.core.roles import Role
from casereview.reviews.access import reviews_visible_to
from casereview.reviews.models import (
    ENDED_STAGES,
    OUTSTANDING_STATUSES,
    PUBLISHED_STAGES,
    AgencyRequest,
    RequestItem,
    Review,
    Stage,
)

WINDOW_WORKING_DAYS = 10


@dataclass(frozen=True)
class Deadline:
    uid: str
    due: dt.date
    what: str
    review_id: int
    reference: str
    pseudonym: str
    agency: str = ""

    def status(self, today: dt.date) -> str:
        return "overdue" if self.due < today else "due-today" if self.due == today else "upcoming"


def review_deadlines(review: Review) -> list[Deadline]:
    """The statutory deadlines still running for one review."""
    out = []
    base = {"review_id": review.pk, "reference": review.reference, "pseudonym": review.pseudonym}
    if review.stage in ENDED_STAGES:
        return out
    due = review.deadlines  # computed once (working-day arithmetic), not once per date below
    if review.notified_date is None and due.notification_due:
        out.append(Deadline(uid=f"review-{review.pk}-notification", due=due.notification_due,
                            what="Notify the national panel", **base))
    if review.rapid_review_completed_date is None and review.stage in (Stage.NOTIFIED, Stage.RAPID_REVIEW) \
            and due.rapid_review_due:
        out.append(Deadline(uid=f"review-{review.pk}-rapid-review", due=due.rapid_review_due,
                            what="Complete the rapid review", **base))
    if due.lcspr_due and review.stage not in PUBLISHED_STAGES and review.decision_date:
        out.append(Deadline(uid=f"review-{review.pk}-lcspr", due=due.lcspr_due,
                            what="Complete and publish the review (target)", **base))
    return out


def _request_deadlines(requests) -> list[Deadline]:
    """The deadlines of agency requests, read as plain values (a dashboard may list hundreds)."""
    labels = dict(RequestItem.choices)
    rows = requests.values_list("pk", "item", "due_date", "participating_agency__agency__name",
                                "participating_agency__review_id", "participating_agency__review__reference",
                                "participating_agency__review__pseudonym")
    return [Deadline(uid=f"request-{pk}", due=due, what=f"{labels.get(item, item)} due from {agency}",
                     review_id=review_id, reference=reference, pseudonym=pseudonym, agency=agency)
            for pk, item, due, agency, review_id, reference, pseudonym in rows]


def deadlines_for(user, *, scope: str = "mine") -> list[Deadline]:
    """Every open deadline `user` should see, soonest first.

    scope "partnership": everything in the reviews the user may see (managing roles, board, auditor).
    scope "mine": agency contributors get their agency's outstanding requests only; reviewers and
    panel members the reviews they are assigned to; managers and admins every review they run.
    """
    reviews = list(reviews_visible_to(user).exclude(stage__in=ENDED_STAGES))
    requests = AgencyRequest.objects.filter(
        participating_agency__review__in=[r.pk for r in reviews], status__in=OUTSTANDING_STATUSES,
    )
    out: list[Deadline] = []
    if user.role == Role.AGENCY_CONTRIBUTOR:
        requests = requests.filter(participating_agency__agency_id=user.agency_id)
    elif scope == "partnership" and can(user, "reviews.deadlines.partnership"):
        for review in reviews:
            out.extend(review_deadlines(review))
    elif user.role in (Role.PARTNERSHIP_ADMIN, Role.REVIEW_MANAGER, Role.INDEPENDENT_REVIEWER, Role.PANEL_MEMBER):
        for review in reviews:
            out.extend(review_deadlines(review))
    else:
        requests = requests.none()
    out.extend(_request_deadlines(requests))
    return sorted(out, key=lambda d: (d.due, d.reference, d.uid))


def due_soon(deadlines: list[Deadline], *, today: dt.date, calendar: str,
             working_days: int = WINDOW_WORKING_DAYS) -> tuple[list[Deadline], list[Deadline]]:
    """(overdue, due within the next `working_days` working days including today)."""
    horizon = wd.add_working_days(today, working_days, calendar)
    overdue = [d for d in deadlines if d.due < today]
    soon = [d for d in deadlines if today <= d.due <= horizon]
    return overdue, soon


def chase_list(user, *, today: dt.date) -> list[AgencyRequest]:
    """Overdue agency submissions in the reviews `user` may see (contributors: their own agency's)."""
    qs = AgencyRequest.objects.filter(
        participating_agency__review__in=reviews_visible_to(user).values("pk"),
        status__in=OUTSTANDING_STATUSES, due_date__lt=today,
    ).select_related("participating_agency__agency", "participating_agency__review")
    if user.role == Role.AGENCY_CONTRIBUTOR:
        qs = qs.filter(participating_agency__agency_id=user.agency_id)
    return list(qs.order_by("due_date", "pk"))
