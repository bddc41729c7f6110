"""Which actions a user may see and change.

Role capabilities come from permissions.py; these functions add the object
rules: everyone stays inside their own partnership; reviewers and panel
members see the actions of reviews they are assigned to; agency contributors
see and update only their own agency's actions.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from casereview.actions.models import Action, Evidence, ReportFile
from casereview.core.access import can, require
from casereview.core.roles import ASSIGNMENT_BOUND_ROLES, Role
from casereview.reviews.access import (
    FINDINGS_WITHHELD,
    findings_visible_to,
    reviews_visible_to,
    reviews_with_visible_findings,
)
from casereview.reviews.models import Review


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _int(pk: Any, what: str) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404(f"No such {what}.") from None


def actions_visible_to(user: Any) -> QuerySet[Action]:
    qs = Action.objects.select_related(
        "review", "recommendation", "single_agency_recommendation__agency", "owner_agency", "owner",
    )
    if not _active(user) or not can(user, "actions.view") or not user.partnership_id:
        return qs.none()
    qs = qs.filter(review__partnership_id=user.partnership_id)
    if user.role in ASSIGNMENT_BOUND_ROLES:
        return qs.filter(review__memberships__user=user).distinct()
    if user.role == Role.AGENCY_CONTRIBUTOR:
        return qs.filter(owner_agency_id=user.agency_id) if user.agency_id else qs.none()
    return qs


def plan_reviews_visible_to(user: Any) -> QuerySet[Review]:
    """Reviews whose action plan the user may open: those visible to them, or holding their agency's actions."""
    if not _active(user) or not can(user, "actions.view") or not user.partnership_id:
        return Review.objects.none()
    if user.role == Role.AGENCY_CONTRIBUTOR:
        return Review.objects.filter(pk__in=actions_visible_to(user).values("review_id"))
    return Review.objects.filter(pk__in=reviews_visible_to(user).values("pk"))


def access_plan_review(user: Any, pk: Any) -> Review:
    review = plan_reviews_visible_to(user).filter(pk=_int(pk, "review")).first()
    if review is None:
        raise Http404("No such review.")
    return review


def can_update_action(user: Any, action: Action) -> bool:
    if not can(user, "actions.update"):
        return False
    return user.role != Role.AGENCY_CONTRIBUTOR or action.owner_agency_id == user.agency_id


def access_action(user: Any, pk: Any, *, for_update: bool = False) -> Action:
    """The action, or 404 when it does not exist or is not visible; 403 if `for_update` and not theirs to change."""
    action = actions_visible_to(user).filter(pk=_int(pk, "action")).first()
    if action is None:
        raise Http404("No such action.")
    if for_update:
        require(user, "actions.update")
        if not can_update_action(user, action):
            raise Http404("No such action.")
    return action


def access_evidence(user: Any, pk: Any) -> Evidence:
    require(user, "actions.evidence.download")
    evidence = Evidence.objects.select_related("action").filter(pk=_int(pk, "evidence item")).first()
    if evidence is None or not actions_visible_to(user).filter(pk=evidence.action_id).exists():
        raise Http404("No such evidence item.")
    return evidence


def access_recommendation(user: Any, model: Any, pk: Any) -> Any:
    """A partnership or single-agency recommendation (`model`) of a review whose plan `user` may see; else 404."""
    review_ids = plan_reviews_visible_to(user).values("pk")
    parent = model.objects.select_related("review__partnership").filter(pk=pk, review_id__in=review_ids).first()
    if parent is None:
        raise Http404("No such recommendation.")
    return parent


def plan_recommendations(user: Any, review: Review) -> tuple[list, list]:
    """A plan's partnership and single-agency recommendations, each with the text `user` may read.

    Returns ([(recommendation, text)], [(single-agency recommendation, text)]). Before sign-off
    the text is FINDINGS_WITHHELD for anyone outside the review's team and auditors
    (reviews.access.findings_visible_to), so the plan still groups its actions without
    showing draft findings.
    """
    visible = findings_visible_to(user, review)
    recs = review.recommendations.select_related("addressee_agency").order_by("number")
    singles = review.single_agency_recommendations.select_related("agency").order_by("agency__name", "number")
    return ([(r, r.text if visible else FINDINGS_WITHHELD) for r in recs],
            [(s, s.text if visible else FINDINGS_WITHHELD) for s in singles])


def recommendation_text(user: Any, action: Action) -> str:
    """The text of an action's recommendation, or FINDINGS_WITHHELD while it is a draft to `user`."""
    return action.parent.text if findings_visible_to(user, action.review) else FINDINGS_WITHHELD


def report_review_ids(user: Any, reviews: Any) -> list[int]:
    """Of `reviews` (already permissioned), those whose findings a board report may show `user`."""
    return list(reviews_with_visible_findings(user).filter(pk__in=[getattr(r, "pk", r) for r in reviews])
                .values_list("pk", flat=True))


def access_report_file(user: Any, pk: Any) -> ReportFile:
    """A report PDF the user asked for (made with their permissions, so nobody else's to read): else 404."""
    made = ReportFile.objects.filter(pk=_int(pk, "report"), requested_by_id=getattr(user, "pk", None),
                                     partnership_id=getattr(user, "partnership_id", None)).first()
    if made is None or not _active(user):
        raise Http404("No such report.")
    return made
