"""The review workflow in one place: which stage may follow which, and what each move needs.

`TRANSITIONS` is the whole state machine. `guard_problems` lists, as sentences
that say what to do, why a move the table allows cannot happen yet. Services
call both; templates show the allowed moves from `TRANSITIONS`.
"""

from __future__ import annotations

from collections.abc import Callable

from casereview.reviews import hooks
from casereview.reviews.models import DecisionOutcome, Review, Stage

# Branches: "converted" (the case moves into another process, e.g. a national review
# or a joint review) is open until the analysis starts; "no further review" follows a
# decision not to review. Back-steps exist only where a report is sent back for work.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.NOTIFIED: (Stage.RAPID_REVIEW, Stage.CONVERTED),
    Stage.RAPID_REVIEW: (Stage.DECIDED, Stage.CONVERTED),
    Stage.DECIDED: (Stage.TERMS_OF_REFERENCE, Stage.NO_FURTHER_REVIEW, Stage.CONVERTED),
    Stage.TERMS_OF_REFERENCE: (Stage.INFORMATION_GATHERING, Stage.CONVERTED),
    Stage.INFORMATION_GATHERING: (Stage.ANALYSIS, Stage.CONVERTED),
    Stage.ANALYSIS: (Stage.DRAFT_REPORT, Stage.INFORMATION_GATHERING),
    Stage.DRAFT_REPORT: (Stage.SIGNED_OFF, Stage.ANALYSIS),
    Stage.SIGNED_OFF: (Stage.PUBLISHED, Stage.DRAFT_REPORT),
    Stage.PUBLISHED: (Stage.ACTION_MONITORING,),
    Stage.ACTION_MONITORING: (Stage.CLOSED,),
    Stage.CLOSED: (),
    Stage.NO_FURTHER_REVIEW: (),
    Stage.CONVERTED: (),
}


def allowed_from(stage: str) -> tuple[str, ...]:
    return TRANSITIONS.get(stage, ())


def describe_allowed(stage: str) -> str:
    """'Rapid review or Converted', or a sentence saying the stage is final."""
    allowed = [Stage(s).label for s in allowed_from(stage)]
    if not allowed:
        return f"{Stage(stage).label} is a final stage: nothing can follow it."
    return "From " + Stage(stage).label + " the review can move to " + " or ".join(allowed) + "."


def _latest_decision(review: Review):
    return review.decisions.order_by("-decided_on", "-pk").first()


def _needs_notification(review: Review) -> list[str]:
    if review.notified_date is None:
        return ["Record the date the national panel was notified before starting the rapid review."]
    return []


def _needs_decision(review: Review) -> list[str]:
    if _latest_decision(review) is None:
        return ["Record the decision against the statutory criteria before marking the review as decided."]
    return []


def _needs_decision_to_review(review: Review) -> list[str]:
    decision = _latest_decision(review)
    if decision is None or decision.outcome != DecisionOutcome.REVIEW:
        return ["The latest decision is not to review: record a decision to undertake a review first."]
    return []


def _needs_decision_not_to_review(review: Review) -> list[str]:
    decision = _latest_decision(review)
    if decision is None or decision.outcome != DecisionOutcome.NO_FURTHER_REVIEW:
        return ["The latest decision is to undertake a review: record a decision of no further review first."]
    return []


def _needs_terms_and_agencies(review: Review) -> list[str]:
    problems = []
    if not hasattr(review, "terms_of_reference"):
        problems.append("Record the terms of reference (period under review and key lines of enquiry).")
    if not review.participating_agencies.exists():
        problems.append("Add at least one participating agency.")
    return problems


def _needs_submissions(review: Review) -> list[str]:
    from casereview.reviews.models import OUTSTANDING_STATUSES, AgencyRequest

    outstanding = AgencyRequest.objects.filter(participating_agency__review=review, status__in=OUTSTANDING_STATUSES)
    names = sorted({f"{r.get_item_display()} from {r.participating_agency.agency}" for r in outstanding.select_related("participating_agency__agency")})
    if names:
        return ["Still outstanding: " + "; ".join(names) + ". Receive them or mark them no longer needed."]
    if not AgencyRequest.objects.filter(participating_agency__review=review).exists():
        return ["Request at least one item (agency report, chronology or summary) from a participating agency."]
    return []


def _needs_findings(review: Review) -> list[str]:
    problems = []
    if not review.learning_points.exists():
        problems.append("Record at least one learning point.")
    if not review.recommendations.exists():
        problems.append("Record at least one recommendation.")
    return problems


def _needs_publishing_gate(review: Review) -> list[str]:
    return hooks.publish_problems(review)


GUARDS: dict[str, Callable[[Review], list[str]]] = {
    Stage.RAPID_REVIEW: _needs_notification,
    Stage.DECIDED: _needs_decision,
    Stage.TERMS_OF_REFERENCE: _needs_decision_to_review,
    Stage.NO_FURTHER_REVIEW: _needs_decision_not_to_review,
    Stage.INFORMATION_GATHERING: _needs_terms_and_agencies,
    Stage.ANALYSIS: _needs_submissions,
    Stage.SIGNED_OFF: _needs_findings,
    Stage.PUBLISHED: _needs_publishing_gate,
}


def transition_problems(review: Review, to_stage: str) -> list[str]:
    """Everything that stops `review` moving to `to_stage`; empty when it may."""
    if to_stage not in Stage.values:
        return [f"'{to_stage}' is not a stage. {describe_allowed(review.stage)}"]
    if to_stage not in allowed_from(review.stage):
        return [f"A review cannot move from {Stage(review.stage).label} to {Stage(to_stage).label}. "
                + describe_allowed(review.stage)]
    guard = GUARDS.get(to_stage)
    # Going back a step never needs the forward guard (sending a report back is always possible).
    if guard is None or _is_back_step(review.stage, to_stage):
        return []
    return guard(review)


_ORDER = [Stage.NOTIFIED, Stage.RAPID_REVIEW, Stage.DECIDED, Stage.TERMS_OF_REFERENCE, Stage.INFORMATION_GATHERING,
          Stage.ANALYSIS, Stage.DRAFT_REPORT, Stage.SIGNED_OFF, Stage.PUBLISHED, Stage.ACTION_MONITORING, Stage.CLOSED]


def _is_back_step(from_stage: str, to_stage: str) -> bool:
    if from_stage in _ORDER and to_stage in _ORDER:
        return _ORDER.index(to_stage) < _ORDER.index(from_stage)
    return False


def main_path() -> list[str]:
    return list(_ORDER)
