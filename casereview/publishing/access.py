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
from casereview.core.roles import AGENCY_BOUND_ROLES
from casereview.publishing.models import Briefing, BriefingKind, BriefingStatus
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
    """Reviews on whose team `user` writes briefings and that lack a briefing in progress of some kind.

    Each carries `kinds_to_start`: (kind, label) of the kinds it has no version in progress of.
    """
    from casereview.core.access import can
    from casereview.reviews.access import reviews_visible_to

    if not can(user, "briefings.edit"):
        return []
    open_statuses = [BriefingStatus.DRAFT, BriefingStatus.GATE_PASSED]
    reviews = [r for r in reviews_visible_to(user).order_by("reference")[:200] if is_review_team(user, r)]
    open_kinds: dict[int, set[str]] = {}
    for review_id, kind in Briefing.objects.filter(review__in=[r.pk for r in reviews], status__in=open_statuses
                                                   ).values_list("review_id", "kind"):
        open_kinds.setdefault(review_id, set()).add(kind)
    out = []
    for review in reviews:
        # The kinds of briefing this review has no version of in progress: one "Draft" button each.
        review.kinds_to_start = [(k, label) for k, label in BriefingKind.choices if k not in open_kinds.get(review.pk, set())]
        if review.kinds_to_start:
            out.append(review)
    return out


# --- Dissemination: who records uses of a briefing, and who reads them. ---

def access_briefing_for_use(user: Any, pk: Any) -> Briefing:
    """A published briefing of a review `user` can see, for recording a use (briefings.record_use); else 404.

    Agency contributors see the reviews their agency takes part in, so they can
    record uses of those reviews' briefings (for their own agency: services).
    """
    require(user, "briefings.record_use")
    briefing = (Briefing.objects.select_related("review__review_type", "review__partnership")
                .filter(pk=_int(pk), status=BriefingStatus.PUBLISHED).first())
    if briefing is None:
        raise Http404("No such briefing.")
    access_review(user, briefing.review_id)
    return briefing


def recording_agencies(user: Any) -> Any:
    """The agencies `user` may record uses for: None for an agency-bound user (their own agency only)."""
    from casereview.accounts.models import Agency
    from casereview.core.access import own_agency

    if own_agency(user) is not None or getattr(user, "role", None) in AGENCY_BOUND_ROLES:
        return None
    return Agency.objects.filter(partnership_id=user.partnership_id).order_by("name")


def dissemination_records_visible_to(user: Any, briefing: Briefing) -> list[Any]:
    """The recorded uses of `briefing` `user` may read: all for the review's team and for those who read reach
    (board members, auditors); an agency contributor's own agency's only; none for anyone else."""
    from casereview.core.access import can
    from casereview.publishing.selectors import records_for

    if getattr(user, "role", None) in AGENCY_BOUND_ROLES:
        return records_for(briefing, user.agency) if user.agency_id else []
    if can(user, "briefings.reach") or is_review_team(user, briefing.review):
        return records_for(briefing)
    return []


def training_events_visible_to(user: Any) -> Any:
    """Training events of the reviews `user` can see (briefings.record_training)."""
    from casereview.publishing.models import TrainingEvent
    from casereview.reviews.access import reviews_visible_to

    require(user, "briefings.record_training")
    return (TrainingEvent.objects.filter(review__in=reviews_visible_to(user)).select_related("review")
            .prefetch_related("attendance__agency").order_by("-held_on", "-pk"))


def reviews_for_training(user: Any) -> Any:
    """Reviews whose learning a training event may carry: those with a published briefing that `user` can see."""
    from casereview.reviews.access import reviews_visible_to

    require(user, "briefings.record_training")
    return reviews_visible_to(user).filter(briefings__status=BriefingStatus.PUBLISHED).distinct().order_by("reference")
