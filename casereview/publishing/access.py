"""Which briefings a user may open.

Published briefings: anyone with briefings.view in the review's partnership (and
everyone on the public pages). Drafts and withdrawn versions: the review's team
only (admins, review managers, assigned reviewers and panel members), never
board members, agency contributors or auditors; everyone else gets 404, so a
draft's existence is not revealed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from casereview.core.access import require
from casereview.core.refusals import Gone
from casereview.publishing.models import Briefing, BriefingStatus
from casereview.reviews.access import access_review, is_review_team


def _int(pk: Any) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404("No such briefing.") from None


def published_briefings(partnership_id: int | None = None) -> QuerySet[Briefing]:
    qs = Briefing.objects.filter(status=BriefingStatus.PUBLISHED).select_related("review__review_type", "review__partnership")
    if partnership_id:
        qs = qs.filter(review__partnership_id=partnership_id)
    return qs.order_by("-published_at", "-pk")


def public_briefing(pk: Any) -> Briefing:
    """A published briefing for the public pages; 410 once withdrawn, 404 for every other status."""
    briefing = published_briefings().filter(pk=_int(pk)).first()
    if briefing is None:
        if Briefing.objects.filter(pk=_int(pk), status=BriefingStatus.WITHDRAWN).exists():
            raise Gone("This briefing has been withdrawn by the partnership that published it.")
        raise Http404("No such briefing.")
    return briefing


def briefings_in_progress(user: Any) -> list[Briefing]:
    """Unpublished briefings of the reviews on whose team `user` is."""
    require(user, "briefings.view")
    qs = (
        Briefing.objects.exclude(status=BriefingStatus.PUBLISHED)
        .select_related("review__review_type", "review__partnership").order_by("-updated_at")
    )
    if user.partnership_id:
        qs = qs.filter(review__partnership_id=user.partnership_id)
    return [b for b in qs[:200] if is_review_team(user, b.review)]


def access_briefing(user: Any, pk: Any, *, permission: str = "briefings.view", for_update: bool = False) -> Briefing:
    """The briefing if `user` may open it for `permission`; 404 otherwise.

    Published briefings are readable by anyone who can see the review; any other
    status, and every permission beyond viewing, needs the review's team.
    """
    require(user, permission)
    qs = Briefing.objects.select_related("review__review_type", "review__partnership")
    if for_update:
        qs = qs.select_for_update()
    briefing = qs.filter(pk=_int(pk)).first()
    if briefing is None:
        raise Http404("No such briefing.")
    review = access_review(user, briefing.review_id)
    needs_team = permission != "briefings.view" or briefing.status != BriefingStatus.PUBLISHED
    if needs_team and not is_review_team(user, review):
        raise Http404("No such briefing.")
    return briefing


def access_review_for_briefing(user: Any, review_pk: Any) -> Any:
    """A review whose briefings `user` may write (the review's team with briefings.edit); else 404."""
    require(user, "briefings.edit")
    review = access_review(user, review_pk)
    if not is_review_team(user, review):
        raise Http404("No such review.")
    return review


def reviews_needing_a_briefing(user: Any) -> list[Any]:
    """Reviews on whose team `user` writes briefings and that have no briefing in progress."""
    from casereview.core.access import can
    from casereview.reviews.access import reviews_visible_to

    if not can(user, "briefings.edit"):
        return []
    open_statuses = [BriefingStatus.DRAFT, BriefingStatus.GATE_PASSED]
    reviews = reviews_visible_to(user).exclude(briefings__status__in=open_statuses).order_by("reference")
    return [r for r in reviews[:200] if is_review_team(user, r)]
