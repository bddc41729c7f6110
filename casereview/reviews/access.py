"""Who may see which review, and who may see its restricted identifiers.

Role capabilities come from permissions.py via `can()`; these functions add the
object rules: reviewers and panel members see only reviews they are assigned
to, agency contributors only reviews their agency takes part in, everyone only
their own partnership's reviews. Restricted identifiers go to the review's team
alone (admins, review managers, assigned reviewers and panel members).

Findings (learning points, recommendations, single-agency recommendations) have
one rule, `findings_visible_to` (and `reviews_with_visible_findings` for lists):
before sign-off they are a draft, for the review's team and auditors only.
Every page and download that shows a finding's text asks it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from casereview.core.access import can, own_agency, require
from casereview.core.roles import ASSIGNMENT_BOUND_ROLES, Role
from casereview.reviews.models import (
    PUBLISHED_STAGES,
    AgencyDocument,
    AgencyRequest,
    CalendarFeed,
    Review,
    Stage,
)

MANAGING_ROLES = frozenset({Role.PARTNERSHIP_ADMIN, Role.REVIEW_MANAGER})
# Before sign-off, findings are a draft: board members and agency contributors do not see them.
FINDINGS_VISIBLE_TO_ALL_FROM = frozenset({Stage.SIGNED_OFF, *PUBLISHED_STAGES})
FINDINGS_WITHHELD = "Withheld until the review is signed off."


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def reviews_visible_to(user: Any) -> QuerySet[Review]:
    """The reviews `user` may open, newest first. Empty for anyone without reviews.view."""
    qs = Review.objects.select_related("review_type", "partnership")
    if not _active(user) or not can(user, "reviews.view") or not user.partnership_id:
        return qs.none()
    qs = qs.filter(partnership_id=user.partnership_id)
    if user.role in ASSIGNMENT_BOUND_ROLES:
        qs = qs.filter(memberships__user=user)
    elif user.role == Role.AGENCY_CONTRIBUTOR:
        qs = qs.filter(participating_agencies__agency_id=user.agency_id) if user.agency_id else qs.none()
    return qs.distinct()


def access_review(user: Any, pk: Any, *, for_update: bool = False) -> Review:
    """The review, or 404 when it does not exist or `user` may not see it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such review.") from None
    qs = reviews_visible_to(user)
    if for_update:
        # select_for_update cannot be combined with DISTINCT on PostgreSQL: lock by primary key.
        if not qs.filter(pk=pk).exists():
            raise Http404("No such review.")
        return Review.objects.select_for_update().select_related("review_type", "partnership").get(pk=pk)
    review = qs.filter(pk=pk).first()
    if review is None:
        raise Http404("No such review.")
    return review


def is_review_team(user: Any, review: Review) -> bool:
    """Admins and review managers of the review's partnership, and the reviewers/panel members assigned to it."""
    if not _active(user) or not user.partnership_id or user.partnership_id != review.partnership_id:
        return False
    if user.role in MANAGING_ROLES:
        return True
    if user.role in ASSIGNMENT_BOUND_ROLES:
        return review.memberships.filter(user=user).exists()
    return False


def can_see_restricted(user: Any, review: Review) -> bool:
    """Restricted identifiers: the review's team only; never board members, agency contributors or auditors."""
    return is_review_team(user, review)


def findings_visible_to(user: Any, review: Review) -> bool:
    """Whether `user` may read `review`'s learning points and recommendations: the one findings rule.

    The review's team and auditors of its partnership always; anyone else in the
    partnership only once the review is signed off (or published). Callers still
    check that the user may see the review or the action plan at all.
    """
    if not _active(user) or not user.partnership_id or user.partnership_id != review.partnership_id:
        return False
    if user.role == Role.AUDITOR or is_review_team(user, review):
        return True
    return review.stage in FINDINGS_VISIBLE_TO_ALL_FROM


def reviews_with_visible_findings(user: Any) -> QuerySet[Review]:
    """The reviews of `user`'s partnership whose findings `findings_visible_to` lets them read (for lists)."""
    if not _active(user) or not user.partnership_id:
        return Review.objects.none()
    qs = Review.objects.filter(partnership_id=user.partnership_id)
    if user.role in MANAGING_ROLES or user.role == Role.AUDITOR:
        return qs
    signed_off = Q(stage__in=FINDINGS_VISIBLE_TO_ALL_FROM)
    if user.role in ASSIGNMENT_BOUND_ROLES:
        return qs.filter(signed_off | Q(pk__in=Review.objects.filter(memberships__user=user).values("pk")))
    return qs.filter(signed_off)


def single_agency_recommendations_for(user: Any, review: Review):
    """The single-agency recommendations `user` may read: none before sign-off (outside the team and
    auditors); agency contributors only their own agency's."""
    qs = review.single_agency_recommendations.select_related("agency")
    if not findings_visible_to(user, review):
        return qs.none()
    if user.role == Role.AGENCY_CONTRIBUTOR:
        return qs.filter(agency_id=user.agency_id)
    return qs


def restricted_identifiers_for(user: Any, review: Review):
    """The review's restricted identifiers if `user` may see them, else an empty queryset."""
    if not can_see_restricted(user, review):
        return review.restricted_identifiers.none()
    return review.restricted_identifiers.all()


def require_team(user: Any, review: Review, permission: str) -> None:
    """For writes by team roles: the role capability, and membership of this review's team."""
    require(user, permission)
    if not is_review_team(user, review):
        raise Http404("No such review.")


def requests_visible_to(user: Any, review: Review) -> QuerySet[AgencyRequest]:
    """A review's agency requests: all for its team and managers, one's own agency's for contributors."""
    qs = AgencyRequest.objects.filter(participating_agency__review=review).select_related("participating_agency__agency")
    if not _active(user) or not can(user, "reviews.requests.view"):
        return qs.none()
    if user.role == Role.AGENCY_CONTRIBUTOR:
        return qs.filter(participating_agency__agency_id=user.agency_id)
    if not is_review_team(user, review):
        return qs.none()
    return qs


def access_request(user: Any, pk: Any) -> AgencyRequest:
    """An agency request of a visible review, limited to one's own agency for contributors; else 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such request.") from None
    request = (
        AgencyRequest.objects.select_related("participating_agency__agency", "participating_agency__review")
        .filter(pk=pk).first()
    )
    if request is None:
        raise Http404("No such request.")
    review = request.participating_agency.review
    if not reviews_visible_to(user).filter(pk=review.pk).exists():
        raise Http404("No such request.")
    if not requests_visible_to(user, review).filter(pk=pk).exists():
        raise Http404("No such request.")
    return request


def access_document(user: Any, pk: Any) -> AgencyDocument:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such document.") from None
    document = AgencyDocument.objects.select_related("request").filter(pk=pk).first()
    if document is None:
        raise Http404("No such document.")
    access_request(user, document.request_id)
    return document


def own_calendar_feed(user: Any) -> CalendarFeed | None:
    """The signed-in user's working calendar feed, if they may have one and have issued it
    since their password last changed."""
    if not can(user, "reviews.calendar.manage"):
        return None
    feed = CalendarFeed.objects.filter(user=user).first()
    return feed if feed is not None and feed.still_valid_for(user) else None


def access_calendar_feed(token: str) -> CalendarFeed:
    """The feed an unguessable token names, for calendar programs that cannot sign in.

    404 for a short or unknown token, when its owner is inactive or no longer holds the
    capability, or when the owner's password changed after it was issued: the token is
    the credential, checked (by its digest) before anything is read.
    """
    feed = None
    if len(token) >= 32:
        feed = CalendarFeed.objects.select_related("user").filter(token_hash=CalendarFeed.hash_token(token)).first()
    if (feed is None or not feed.user.is_active or not can(feed.user, "reviews.calendar.manage")
            or not feed.still_valid_for(feed.user)):
        raise Http404("No such calendar.")
    return feed


def participations_visible_to(user: Any, review: Review):
    """The agencies taking part in a review: all for its team, one's own for a contributor, none otherwise."""
    agency = own_agency(user)
    if agency is not None:
        return review.participating_agencies.filter(agency_id=agency.pk)
    if is_review_team(user, review):
        return review.participating_agencies.all()
    return review.participating_agencies.none()


def history_visible_to(user: Any, review: Review) -> bool:
    """The review's stage history: its team, and auditors of its partnership."""
    if is_review_team(user, review):
        return True
    return bool(_active(user) and user.role == Role.AUDITOR and user.partnership_id == review.partnership_id)
